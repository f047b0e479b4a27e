using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Context;

public static class HttpContextGatewayExtensions
{
    public static GatewayRequestContext Gateway(this HttpContext context) =>
        context?.Features.Get<GatewayRequestContext>() ?? throw new InvalidOperationException("The gateway context is set by the first pipeline step.");
}
