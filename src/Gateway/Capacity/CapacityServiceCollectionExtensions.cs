using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Capacity;

public static class CapacityServiceCollectionExtensions
{
    /// <summary>
    /// Capacity sharing: the per-team cap of requests in flight, each deployment's use of its minute, admission by
    /// priority class, the per-alias queues, and the time-to-first-token averages the latency strategy reads.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayCapacity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CapacityOptions>().BindConfiguration(CapacityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TeamRequestsInFlight>();
        services.TryAddSingleton<CapacityTracker>();
        services.TryAddSingleton<CapacityQueues>();
        services.TryAddSingleton<CapacityMetrics>();
        services.TryAddSingleton<DeploymentLatencies>();
        services.TryAddSingleton<HeadroomStrategy>();
        services.TryAddSingleton<LatencyStrategy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, LatencyObserver>());
        services.AddHostedService<RedisCapacitySync>();
        return builder;
    }
}
