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
    /// choose: in-process; Redis failing closed; or Redis failing open to in-process counters.
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
        // when batching is on.
        services.TryAddSingleton(sp => new RedisCounterCorrections(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            TimeSpan.FromMilliseconds(SettleInterval(sp)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RedisCounterCorrections>>()));
        services.TryAddSingleton(sp => new RedisQuotaStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<TimeProvider>(),
            SettleInterval(sp) > 0 ? sp.GetRequiredService<RedisCounterCorrections>() : null));
        services.TryAddSingleton<IQuotaStore>(CreateStore);
        return builder;
    }

    private static int SettleInterval(IServiceProvider services) =>
        services.GetRequiredService<IOptions<QuotaOptions>>().Value.RedisSettleIntervalMilliseconds;

    private static IQuotaStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<QuotaOptions>>().Value;
        if (options.Store == QuotaStoreKind.InProcess)
        {
            return services.GetRequiredService<InProcessQuotaStore>();
        }

        var redis = services.GetRequiredService<RedisQuotaStore>();
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
