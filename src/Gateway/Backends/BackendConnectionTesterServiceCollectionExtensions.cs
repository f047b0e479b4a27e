using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiGateway.Gateway.Backends;

public static class BackendConnectionTesterServiceCollectionExtensions
{
    /// <summary>The portal's "test connection" action; needs the gateway's services (<c>AddGateway</c>) for URLs and credentials.</summary>
    public static IServiceCollection AddBackendConnectionTester(this IServiceCollection services)
    {
        services.AddHttpClient(BackendConnectionTester.HttpClientName);
        services.TryAddSingleton<BackendConnectionTester>();
        return services;
    }
}
