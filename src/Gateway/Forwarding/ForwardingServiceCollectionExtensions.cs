using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway.Forwarding;

public static class ForwardingServiceCollectionExtensions
{
    /// <summary>
    /// Sending requests to backends: YARP with the gateway's transforms and client, the backend request factory, and
    /// the classifier whose outcomes every <see cref="IAttemptObserver"/> hears.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayForwarding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackendRequestFactory>();
        services.TryAddSingleton<BackendRequestTransform>();
        services.TryAddSingleton<BackendResponseTransform>();
        services.TryAddSingleton<AttemptClassifier>();
        services.TryAddSingleton<AttemptObservers>();
        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();
        services.AddSingleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>();
        return builder;
    }
}
