using AiGateway.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace AiGateway.Gateway.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// The gateway's configuration: its options (<c>Gateway</c>, validated at start), the immutable snapshot read
    /// from the database and the poller that swaps it, YARP's routes built from it, and the readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayConfiguration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton<GatewaySnapshotStore>();
        services.TryAddSingleton<GatewaySnapshotLoader>();
        services.TryAddSingleton<GatewayConfigurationPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayConfigurationPoller>());
        services.TryAddSingleton<IGatewayReloader>(sp => sp.GetRequiredService<GatewayConfigurationPoller>());
        services.AddHealthChecks().AddCheck<GatewayConfigurationHealthCheck>("gateway-configuration", tags: [HealthTags.Ready]);
        services.AddSingleton<IProxyConfigProvider, DatabaseProxyConfigProvider>();
        return builder;
    }
}
