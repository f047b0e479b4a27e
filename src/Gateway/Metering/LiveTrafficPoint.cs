namespace AiGateway.Gateway.Metering;

/// <summary>One bucket of a live snapshot's time series.</summary>
public sealed record LiveTrafficPoint(DateTimeOffset Start, long Requests, long Tokens, long Errors, long Throttled);
