using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Context;

/// <summary>
/// Sets Kestrel's request-head limits for the process to <see cref="GatewayLimitsOptions.ServerHeadroomFactor"/>
/// times the gateway's own (never lowering a limit configured under <c>Kestrel:Limits</c>). Kestrel refuses an
/// oversized head before any middleware runs, with an empty body; the gateway's first step refuses at its own limits
/// with the OpenAI error SDKs can read. Runs after the <c>Kestrel</c> section is bound.
/// </summary>
public sealed class GatewayServerLimits(IOptions<GatewayLimitsOptions> gateway) : IPostConfigureOptions<KestrelServerOptions>
{
    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = gateway.Value;
        var server = options.Limits;
        var headers = limits.MaxRequestHeadersBytes * GatewayLimitsOptions.ServerHeadroomFactor;
        server.MaxRequestLineSize = Math.Max(server.MaxRequestLineSize, limits.MaxRequestLineBytes * GatewayLimitsOptions.ServerHeadroomFactor);
        server.MaxRequestHeadersTotalSize = Math.Max(server.MaxRequestHeadersTotalSize, headers);
        server.MaxRequestHeaderCount = Math.Max(server.MaxRequestHeaderCount, limits.MaxRequestHeaderCount * GatewayLimitsOptions.ServerHeadroomFactor);

        // HTTP/2 and HTTP/3 bound each header on its own as well (16 KiB by default); one header may be as large as all of them.
        server.Http2.MaxRequestHeaderFieldSize = Math.Max(server.Http2.MaxRequestHeaderFieldSize, headers);
        server.Http3.MaxRequestHeaderFieldSize = Math.Max(server.Http3.MaxRequestHeaderFieldSize, headers);

        // Kestrel refuses to start when a request head could not fit its buffer.
        if (server.MaxRequestBufferSize is { } buffer)
        {
            server.MaxRequestBufferSize = Math.Max(buffer, Math.Max(server.MaxRequestLineSize, server.MaxRequestHeadersTotalSize));
        }

        // Answers name no server software: neither Kestrel's nor, once the transform has removed it, a backend's.
        options.AddServerHeader = false;
    }
}
