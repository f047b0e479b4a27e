using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Rollouts;

public static class RolloutsServiceCollectionExtensions
{
    /// <summary>
    /// Model rollouts: each side's figures (fed by every attempt's outcome), shadow copies, and the driver that
    /// judges and moves rollouts (<c>Rollouts</c>, validated at start).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayRollouts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RolloutTraffic>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, RolloutFiguresObserver>());
        services.TryAddSingleton<RolloutFiguresStore>();
        services.AddHttpClient(ShadowTraffic.HttpClientName);
        services.TryAddSingleton<ShadowTraffic>();
        services.TryAddSingleton<RolloutDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutDriver>());
        return builder;
    }
}
