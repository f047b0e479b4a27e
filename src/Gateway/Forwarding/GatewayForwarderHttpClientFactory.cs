using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway.Forwarding;

/// <summary>YARP's HTTP clients to the backends, with <see cref="BufferedBodyHandler"/> in front of each.</summary>
internal sealed class GatewayForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new BufferedBodyHandler(base.WrapHandler(context, handler));
}
