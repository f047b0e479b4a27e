namespace AiGateway.Gateway.Forwarding;

/// <summary>How one forwarding attempt ended, as far as choosing the next attempt is concerned.</summary>
public enum AttemptOutcome
{
    /// <summary>The backend's answer went to the client (success, or a client error such as a content filter).</summary>
    Delivered,

    /// <summary>The deployment answered 429 before anything reached the client: rest it, try another.</summary>
    Throttled,

    /// <summary>The backend failed (5xx, timeout, connect error, refused our credential) before anything reached the client: try another.</summary>
    Failed,
}
