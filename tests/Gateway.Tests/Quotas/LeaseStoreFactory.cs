using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// A lease store as the gateway builds it (defaults unless told otherwise), with its give-backs batcher at hand, so a
/// test can flush what the store gave back. Settlements go straight to Redis, so a test sees them at once.
/// </summary>
internal sealed class LeaseStoreFactory : IAsyncDisposable
{
    private LeaseStoreFactory(RedisLeaseQuotaStore store, RedisCounterCorrections returns)
    {
        Store = store;
        Returns = returns;
    }

    public RedisLeaseQuotaStore Store { get; }

    public RedisCounterCorrections Returns { get; }

    public static LeaseStoreFactory Create(IConnectionMultiplexer redis, TimeProvider clock, QuotaLeaseSettings? settings = null)
    {
        var returns = new RedisCounterCorrections(redis, TimeSpan.FromMilliseconds(100), clock, NullLogger<RedisCounterCorrections>.Instance);
        var store = new RedisLeaseQuotaStore(
            redis, clock, new RedisQuotaStore(redis, clock), returns, settings ?? QuotaLeaseSettings.Default, NullLogger<RedisLeaseQuotaStore>.Instance);
        return new LeaseStoreFactory(store, returns);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Returns.DisposeAsync();
    }
}
