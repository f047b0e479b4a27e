namespace AiGateway.Gateway.Configuration;

/// <summary>One look at the database by the poller: when it last succeeded, and the error if this one failed.</summary>
public sealed record ConfigurationCheck(DateTimeOffset At, DateTimeOffset? LastSuccessAt, string? Error);
