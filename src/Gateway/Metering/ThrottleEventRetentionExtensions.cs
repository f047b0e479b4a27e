using AiGateway.Shared.Services.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Metering;

public static class ThrottleEventRetentionExtensions
{
    /// <summary>
    /// Prunes throttle events older than <c>Metering:ThrottleEventRetentionDays</c>: cluster-wide upkeep of the
    /// database, run by replicas with the Portal role (safe on several at once: each prune deletes by age).
    /// </summary>
    public static IHostApplicationBuilder AddThrottleEventRetention(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MeteringOptions>().BindConfiguration(MeteringOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ThrottleEventStore>();
        services.AddHostedService<ThrottleEventRetention>();
        return builder;
    }
}
