using AiGateway.Gateway.Aliases;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The gateway's features, each registered by its own folder.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddGatewayConfiguration()
            .AddGatewayAuthentication()
            .AddGatewayRequests()
            .AddGatewayRollouts()
            .AddGatewayQuotas()
            .AddGatewayMetering()
            .AddGatewayBackends()
            .AddGatewayForwarding();
    }

    /// <summary>The client-facing routes, with the request path's steps in order.</summary>
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapReverseProxy(pipeline => pipeline
            .UseMiddleware<GatewayContextMiddleware>()
            .UseMiddleware<ClientAuthenticationMiddleware>()
            .UseMiddleware<RequestBodyMiddleware>()
            .UseMiddleware<AliasResolutionMiddleware>()
            .UseMiddleware<RolloutAssignmentMiddleware>()
            .UseMiddleware<ComplianceMiddleware>()
            .UseMiddleware<UsageMeteringMiddleware>()
            .UseMiddleware<QuotaAdmissionMiddleware>()
            .UseMiddleware<ForwardingMiddleware>())
            .WithMetadata(GatewayEndpoint.Instance);
        endpoints.MapGatewayFallbacks();
        return endpoints;
    }
}
