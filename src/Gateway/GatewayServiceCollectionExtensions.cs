using AiGateway.Gateway.Aliases;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Models;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Routing;
using AiGateway.Gateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway;

public static class GatewayServiceCollectionExtensions
{
    // Set by UseGateway in the application's properties, which the endpoint builder of a WebApplication shares.
    private const string EntryInstalledKey = "AiGateway.GatewayEntry";

    /// <summary>The gateway's features, each registered by its own folder.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddGatewayConfiguration()
            .AddGatewayContext()
            .AddGatewayAuthentication()
            .AddGatewayRequests()
            .AddGatewayRollouts()
            .AddGatewayQuotas()
            .AddGatewayMetering()
            .AddGatewayBackends()
            .AddGatewayForwarding()
            .AddGatewayAccessLog()
            .AddGatewayModels()
            .AddGatewayMetrics();
    }

    /// <summary>
    /// The gateway's front door (<see cref="GatewayEntryMiddleware"/>): request ids and request-head limits for every
    /// gateway path, whichever endpoint answers it. Goes after the exception handler and before authentication.
    /// </summary>
    public static IApplicationBuilder UseGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Properties[EntryInstalledKey] = true;
        return app.UseMiddleware<GatewayEntryMiddleware>();
    }

    /// <summary>The client-facing routes, with the request path's steps in order.</summary>
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints is IApplicationBuilder app && !app.Properties.ContainsKey(EntryInstalledKey))
        {
            // Without the front door, requests would have no gateway request id and no head limits.
            throw new InvalidOperationException("Call app.UseGateway() before app.MapGateway().");
        }

        endpoints.MapReverseProxy(pipeline => pipeline
            .UseMiddleware<GatewayContextMiddleware>()
            .UseMiddleware<RequestTracingMiddleware>()
            .UseMiddleware<RequestMetricsMiddleware>()
            .UseMiddleware<AccessLogMiddleware>()
            .UseMiddleware<ClientAuthenticationMiddleware>()
            .UseMiddleware<RequestBodyMiddleware>()
            .UseMiddleware<AliasResolutionMiddleware>()
            .UseMiddleware<RolloutAssignmentMiddleware>()
            .UseMiddleware<ComplianceMiddleware>()
            .UseMiddleware<UsageMeteringMiddleware>()
            .UseMiddleware<QuotaAdmissionMiddleware>()
            .UseMiddleware<ForwardingMiddleware>())
            .WithMetadata(GatewayEndpoint.Instance);
        endpoints.MapGatewayModels();
        endpoints.MapGatewayFallbacks();
        return endpoints;
    }
}
