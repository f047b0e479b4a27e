using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Backends;

public static class BackendsServiceCollectionExtensions
{
    /// <summary>Choosing a backend, its health (fed by every attempt's outcome), and its credentials.</summary>
    public static IHostApplicationBuilder AddGatewayBackends(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackendHealthTracker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, BackendHealthObserver>());
        services.TryAddSingleton<BackendSelector>();
        services.TryAddSingleton<IBackendCredentialFactory, AzureIdentityCredentialFactory>();
        services.TryAddSingleton<BackendTokenCache>();
        services.TryAddSingleton<SelfAddress>();
        return builder;
    }
}
