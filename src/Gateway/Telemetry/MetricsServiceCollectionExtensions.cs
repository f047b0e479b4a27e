using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Telemetry;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The request path's metrics on the gateway's meter (<see cref="GatewayMetrics"/>): the per-request step's
    /// recorder, the attempt observers and the backend health gauges. Recording costs next to nothing while no
    /// listener (an exporter the host configures) is enabled on the meter.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayMetrics(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BackendHealthReadings>();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<RequestMetricsRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, AttemptMetricsObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, RolloutMetricsObserver>());
        return builder;
    }
}
