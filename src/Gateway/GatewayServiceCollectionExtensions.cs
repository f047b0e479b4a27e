using AiGateway.Gateway.Aliases;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Models;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Routing;
using AiGateway.Gateway.StatefulApis;
using AiGateway.Gateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
            .AddGatewayCapacity()
            .AddGatewayMetering()
            .AddGatewayBackends()
            .AddGatewayForwarding()
            .AddGatewayStatefulApis()
            .AddGatewayAccessLog()
            .AddGatewayModels()
            .AddGatewayMetrics();
    }

    /// <summary>
    /// What the portal and the management API read of the gateway, on a replica that does not serve it (the Portal
    /// role alone): the gateway's settings, the cluster's live figures and rollout figures (both read from the
    /// database), backend credentials for the connection test, and a reloader with no local gateway to reload. None of
    /// the request path, its background work, or YARP is registered.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayViews(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.AddOptions<MeteringOptions>().BindConfiguration(MeteringOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IGatewayReloader, NoLocalGatewayReloader>();
        services.TryAddSingleton<ClusterTraffic>();
        services.TryAddSingleton<RolloutTraffic>();
        services.TryAddSingleton<RolloutFiguresStore>();
        services.TryAddSingleton<IBackendCredentialFactory, AzureIdentityCredentialFactory>();
        services.TryAddSingleton<BackendTokenCache>();
        services.TryAddSingleton<SelfAddress>();
        return builder;
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
            .UseMiddleware<StatefulApiMiddleware>()
            .UseMiddleware<RequestBodyMiddleware>()
            .UseMiddleware<AliasResolutionMiddleware>()
            .UseMiddleware<ResponsesOwnershipMiddleware>()
            .UseMiddleware<RolloutAssignmentMiddleware>()
            .UseMiddleware<ComplianceMiddleware>()
            .UseMiddleware<InFlightLimitMiddleware>()
            .UseMiddleware<UsageMeteringMiddleware>()
            .UseMiddleware<CapacityAdmissionMiddleware>()
            .UseMiddleware<QuotaAdmissionMiddleware>()
            .UseMiddleware<ForwardingMiddleware>())
            .WithMetadata(GatewayEndpoint.Instance);
        endpoints.MapGatewayModels();
        endpoints.MapGatewayFallbacks();
        return endpoints;
    }
}
