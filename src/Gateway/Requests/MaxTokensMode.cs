namespace AiGateway.Gateway.Requests;

/// <summary>What the gateway does when a request asks for more output tokens than the caller's cap allows.</summary>
public enum MaxTokensMode
{
    /// <summary>Lower the request's limit to the cap (and set the cap when the request names no limit).</summary>
    Clamp,

    /// <summary>Refuse the request with 400, naming the field.</summary>
    Reject,
}
