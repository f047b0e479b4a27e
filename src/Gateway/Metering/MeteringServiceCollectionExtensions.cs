using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering.Spool;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Throttling;
using AiGateway.Shared.Services.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

public static class MeteringServiceCollectionExtensions
{
    /// <summary>
    /// Usage metering off the request path, the live traffic figures and the throttle log: <see cref="IUsageSink"/> (a bounded buffer, <see cref="UsageRecorder"/>)
    /// and the <see cref="UsageWriter"/> that spools its records (<see cref="UsageSpool"/>, under the data folder unless
    /// <c>Metering:SpoolPath</c> says otherwise) and stores them with their hourly rollups in batches. Needs the database
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
        services.TryAddSingleton(sp =>
        {
            var metering = sp.GetRequiredService<IOptions<MeteringOptions>>().Value;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            return new UsageSpool(
                SpoolFolder(environment, metering, sp.GetService<IOptions<DatabaseOptions>>()?.Value ?? new DatabaseOptions()),
                metering,
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<UsageSpool>>());
        });
        services.AddHostedService<UsageWriter>();
        services.AddHealthChecks().AddCheck<UsageSpoolHealthCheck>("usage-spool", tags: [AiGateway.Shared.HealthTags.Ready]);
        services.TryAddSingleton<LiveTraffic>();
        services.TryAddSingleton<ClusterTraffic>();
        services.TryAddSingleton<ThrottleEventStore>();
        services.TryAddSingleton<ThrottleEventRecorder>();
        services.TryAddSingleton<IThrottleEventSink>(sp => sp.GetRequiredService<ThrottleEventRecorder>());
        services.AddHostedService<ThrottleEventWriter>();
        services.TryAddSingleton<ThrottleLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, ThrottleLogObserver>());
        return builder;
    }

    /// <summary><c>Metering:SpoolPath</c> (relative to the content root), or <c>spool/usage</c> under the data folder.</summary>
    public static string SpoolFolder(IHostEnvironment environment, MeteringOptions metering, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(metering);
        return string.IsNullOrWhiteSpace(metering.SpoolPath)
            ? Path.Combine(DataServiceCollectionExtensions.DataPath(environment, database), "spool", "usage")
            : Path.GetFullPath(metering.SpoolPath, environment.ContentRootPath);
    }
}
