namespace AiGateway.Gateway.Backends;

/// <summary>
/// What one test request to a deployment found: whether the backend answered with success, its HTTP status (null
/// when no answer came), how long it took, and a short message fit to show an admin (never a secret).
/// </summary>
public sealed record ConnectionTestResult(bool Succeeded, int? StatusCode, TimeSpan Latency, string Message);
