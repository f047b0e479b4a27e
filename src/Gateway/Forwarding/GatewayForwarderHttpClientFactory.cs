using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// YARP's HTTP clients to the backends, with <see cref="FirstByteDeadlineHandler"/> and <see cref="BufferedBodyHandler"/>
/// in front of each.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, TimeProvider clock) : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new FirstByteDeadlineHandler(new BufferedBodyHandler(base.WrapHandler(context, handler)), clock);
}
