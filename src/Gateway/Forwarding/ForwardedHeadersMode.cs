namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// <c>Gateway:ForwardedHeaders</c>: which forwarding headers backends get. Whatever a client sent is never passed on;
/// these are written by the gateway from the connection it accepted.
/// </summary>
public enum ForwardedHeadersMode
{
    /// <summary>None: a model provider has no need of the caller's address, and the gateway does not give it.</summary>
    None,

    /// <summary><c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c> and <c>-Prefix</c>.</summary>
    XForwarded,

    /// <summary>RFC 7239's <c>Forwarded</c> (<c>for</c> as an address, <c>proto</c>, <c>host</c>).</summary>
    Forwarded,
}
