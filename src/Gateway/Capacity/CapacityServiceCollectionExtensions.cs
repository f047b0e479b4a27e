using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Capacity;

public static class CapacityServiceCollectionExtensions
{
    /// <summary>What shares capacity between teams on the request path: the per-team cap of requests in flight.</summary>
    public static IHostApplicationBuilder AddGatewayCapacity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TeamRequestsInFlight>();
        return builder;
    }
}
