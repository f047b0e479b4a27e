using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.Context;

/// <summary>
/// Settings under <c>Gateway:Limits</c>: how large a request head the gateway takes. The server itself is set to
/// refuse only at twice these (<see cref="GatewayServerLimits"/>), so a request between the two gets a readable
/// OpenAI error from the gateway instead of the server's bare refusal, and nothing unbounded gets in.
/// </summary>
public sealed class GatewayLimitsOptions
{
    public const string SectionName = "Gateway:Limits";

    /// <summary>How far above the gateway's limits the server's own refusals start.</summary>
    public const int ServerHeadroomFactor = 2;

    /// <summary>
    /// <c>Gateway:Limits:MaxRequestLineBytes</c>: the request line (method, path and query, protocol), measured as
    /// Kestrel measures it; longer is 414.
    /// </summary>
    [Range(1024, 64 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary><c>Gateway:Limits:MaxRequestHeadersBytes</c>: all request headers together, names and values; more is 431.</summary>
    [Range(4 * 1024, 256 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary><c>Gateway:Limits:MaxRequestHeaderCount</c>: request header lines; more is 431.</summary>
    [Range(16, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;
}
