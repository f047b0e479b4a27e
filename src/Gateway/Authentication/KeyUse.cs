namespace AiGateway.Gateway.Authentication;

/// <summary>A client key's latest use, to the minute, waiting to be stored as its "last used".</summary>
public readonly record struct KeyUse(Guid KeyId, DateTimeOffset At);
