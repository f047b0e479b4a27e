using AiGateway.Gateway.Forwarding;
using AiGateway.Shared.Services.Throttling;
using AiGateway.Shared.Services.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Metering;

public static class MeteringServiceCollectionExtensions
{
    /// <summary>
    /// Usage metering off the request path, the live traffic figures and the throttle log: <see cref="IUsageSink"/> (a bounded buffer, <see cref="UsageRecorder"/>)
    /// and the <see cref="UsageWriter"/> that stores its records and hourly rollups in batches. Needs the database
    /// (<c>AddGatewayData</c>). Settings under <c>Metering</c>, validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayMetering(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MeteringOptions>()
            .BindConfiguration(MeteringOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<UsageRollupWriter>();
        services.TryAddSingleton<UsageRecorder>();
        services.TryAddSingleton<IUsageSink>(sp => sp.GetRequiredService<UsageRecorder>());
        services.AddHostedService<UsageWriter>();
        services.TryAddSingleton<LiveTraffic>();
        services.TryAddSingleton<ClusterTraffic>();
        services.TryAddSingleton<ThrottleEventStore>();
        services.TryAddSingleton<ThrottleEventRecorder>();
        services.TryAddSingleton<IThrottleEventSink>(sp => sp.GetRequiredService<ThrottleEventRecorder>());
        services.AddHostedService<ThrottleEventWriter>();
        // MERGE: the throttle-event retention job moved to AddThrottleEventRetention (the Portal role's upkeep, see
        // Host:Roles); do not register ThrottleEventRetention here again when merging the usage spool's changes.
        services.TryAddSingleton<ThrottleLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, ThrottleLogObserver>());
        return builder;
    }
}
