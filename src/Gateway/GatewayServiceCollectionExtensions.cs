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
using AiGateway.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway;

public static class GatewayServiceCollectionExtensions
{
    public const string EntraSectionName = "AzureAd";

    /// <summary>
    /// The gateway: its options, the configuration snapshot and its poller, backend choice and health, YARP with the
    /// database-built routes, and Entra ID tokens for clients when an <c>AzureAd</c> section names a ClientId.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>());

        services.TryAddSingleton<GatewaySnapshotStore>();
        services.TryAddSingleton<GatewaySnapshotLoader>();
        services.TryAddSingleton<GatewayConfigurationPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayConfigurationPoller>());
        services.AddHealthChecks().AddCheck<GatewayConfigurationHealthCheck>("gateway-configuration", tags: [HealthTags.Ready]);

        services.TryAddSingleton<BackendHealthTracker>();
        services.TryAddSingleton<BackendSelector>();
        services.TryAddSingleton<IBackendCredentialFactory, AzureIdentityCredentialFactory>();
        services.TryAddSingleton<BackendTokenCache>();
        services.TryAddSingleton<SelfAddress>();
        services.TryAddSingleton<BackendRequestTransform>();
        services.TryAddSingleton<BackendResponseTransform>();
        services.TryAddSingleton<LiveTraffic>();
        services.TryAddSingleton<ThrottleLog>();
        services.AddHostedService<TokenizerPreloader>();

        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RolloutTraffic>();
        services.TryAddSingleton<RolloutFiguresStore>();
        services.AddHttpClient(ShadowTraffic.HttpClientName);
        services.TryAddSingleton<ShadowTraffic>();
        services.TryAddSingleton<RolloutDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutDriver>());

        builder.AddGatewayQuotas();
        builder.AddGatewayMetering();

        services.AddSingleton<IProxyConfigProvider, DatabaseProxyConfigProvider>();
        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();
        services.AddSingleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>();

        var entra = builder.Configuration.GetSection(EntraSectionName);
        var entraEnabled = !string.IsNullOrWhiteSpace(entra["ClientId"]);
        services.AddSingleton(new GatewayEntraOptions(entraEnabled));
        if (entraEnabled)
        {
            services.AddAuthentication()
                .AddMicrosoftIdentityWebApi(
                    jwt => entra.Bind(jwt),
                    identity =>
                    {
                        entra.Bind(identity);
                        // Apps are authorised by the gateway's own mapping of app id to team, not by scopes or roles in the token.
                        identity.AllowWebApiToBeAuthorizedByACL = true;
                    },
                    GatewayEntraOptions.Scheme);
        }

        return builder;
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
