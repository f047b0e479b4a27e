using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

public static class QuotaServiceCollectionExtensions
{
    /// <summary>
    /// The quota counters: <see cref="QuotaOptions"/> (validated at start) and the <see cref="IQuotaStore"/> they
    /// choose: in-process; Redis (leased blocks, or exact per request) failing closed; or Redis failing open to
    /// in-process counters.
    /// </summary>
    /// <remarks>
    /// The Redis connection is made when the store is first needed, and a Redis that is down then does not stop the
    /// gateway: the multiplexer keeps reconnecting, and the failure mode decides what requests get meanwhile.
    /// </remarks>
    public static IHostApplicationBuilder AddGatewayQuotas(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<QuotaOptions>()
            .BindConfiguration(QuotaOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.RedisConnectionString = configuration.GetConnectionString(QuotaOptions.RedisConnectionStringName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>());

        services.TryAddSingleton<InProcessQuotaStore>();
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = sp.GetRequiredService<IOptions<QuotaOptions>>().Value.RedisConnectionString;
            return RedisQuotaConnection.Connect(connectionString
                ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set."));
        });
        // The container creates (and at shutdown disposes, which sends what is pending) the corrections' batcher only
        // when batching is on, or when lease mode needs it to give block remainders back (always batched: nobody waits).
        services.TryAddSingleton(sp => new RedisCounterCorrections(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            TimeSpan.FromMilliseconds(SettleInterval(sp) is > 0 and var interval ? interval : DefaultGiveBackIntervalMilliseconds),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RedisCounterCorrections>>()));
        services.TryAddSingleton(sp => new RedisQuotaStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<TimeProvider>(),
            SettleInterval(sp) > 0 ? sp.GetRequiredService<RedisCounterCorrections>() : null));
        // Disposed by the container at shutdown (before the batcher and the connection it was built on), which gives
        // every block's remainder back to Redis.
        services.TryAddSingleton(sp => new RedisLeaseQuotaStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RedisQuotaStore>(),
            sp.GetRequiredService<RedisCounterCorrections>(),
            QuotaLeaseSettings.From(sp.GetRequiredService<IOptions<QuotaOptions>>().Value),
            sp.GetRequiredService<ILogger<RedisLeaseQuotaStore>>()));
        services.TryAddSingleton<IQuotaStore>(CreateStore);
        return builder;
    }

    private const int DefaultGiveBackIntervalMilliseconds = 100;

    private static int SettleInterval(IServiceProvider services) =>
        services.GetRequiredService<IOptions<QuotaOptions>>().Value.RedisSettleIntervalMilliseconds;

    private static IQuotaStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<QuotaOptions>>().Value;
        if (options.Store == QuotaStoreKind.InProcess)
        {
            return services.GetRequiredService<InProcessQuotaStore>();
        }

        IQuotaStore redis = options.RedisMode == QuotaRedisMode.Lease
            ? services.GetRequiredService<RedisLeaseQuotaStore>()
            : services.GetRequiredService<RedisQuotaStore>();
        if (options.RedisFailureMode == QuotaFailureMode.FailClosed)
        {
            return redis;
        }

        return new FallbackQuotaStore(
            redis,
            services.GetRequiredService<InProcessQuotaStore>(),
            TimeSpan.FromSeconds(options.RedisRetrySeconds),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<FallbackQuotaStore>>());
    }
}
