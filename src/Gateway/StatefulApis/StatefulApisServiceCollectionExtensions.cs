using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiGateway.Gateway.StatefulApis;

public static class StatefulApisServiceCollectionExtensions
{
    /// <summary>
    /// Routing of stateful calls by ownership (settings under <c>Gateway:Stateful</c>): the ownership map in memory,
    /// in Redis when <c>ConnectionStrings:Redis</c> is set (the quotas' connection, shared), and in the database.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayStatefulApis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StatefulOptions>().BindConfiguration(StatefulOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpForwarder();
        services.TryAddSingleton(sp => new InProcessOwnershipStore(
            sp.GetRequiredService<IOptions<StatefulOptions>>().Value.MemoryCapacity, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<DatabaseOwnershipStore>();
        services.TryAddSingleton(sp => new OwnershipDirectory(
            sp.GetRequiredService<InProcessOwnershipStore>(),
            Redis(sp) is { } redis ? new RedisOwnershipStore(redis, sp.GetRequiredService<TimeProvider>()) : null,
            sp.GetRequiredService<DatabaseOwnershipStore>(),
            sp.GetRequiredService<IOptionsMonitor<StatefulOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OwnershipDirectory>>()));
        services.TryAddSingleton(sp => new BillingClaims(Redis(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<StatefulMetering>();
        services.TryAddSingleton<StatefulForwarder>();
        services.TryAddSingleton<OwnedListAggregator>();
        services.TryAddSingleton<BatchOutputMeter>();
        services.TryAddSingleton<OwnershipWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<OwnershipWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttemptObserver, CreatedResponseRecorder>());
        return builder;
    }

    private static IConnectionMultiplexer? Redis(IServiceProvider services) =>
        services.GetRequiredService<IOptions<QuotaOptions>>().Value.RedisConnectionString is { Length: > 0 }
            ? services.GetRequiredService<IConnectionMultiplexer>()
            : null;
}
