using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// The store contract again, with settlements and releases batched as the gateway ships them. The adapter sends the
/// batch right after each call, so every test sees the counters it would see once the interval has passed.
/// </summary>
public sealed class BatchedRedisQuotaStoreTests(RedisTestServer server) : QuotaStoreContractTests
{
    protected override async Task<IQuotaStore> CreateStoreAsync(TimeProvider clock)
    {
        var redis = await server.GetConnectionAsync();
        var corrections = new RedisCounterCorrections(redis, TimeSpan.FromMilliseconds(100), clock, NullLogger<RedisCounterCorrections>.Instance);
        return new FlushingStore(new RedisQuotaStore(redis, clock, corrections), corrections);
    }

    private sealed class FlushingStore(RedisQuotaStore store, RedisCounterCorrections corrections) : IQuotaStore
    {
        public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct) =>
            store.ReserveAsync(counters, estimate, ct);

        public async ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct)
        {
            await store.SettleAsync(reservation, actual, ct);
            await corrections.FlushAsync();
        }

        public async ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
        {
            await store.ReleaseAsync(reservation, ct);
            await corrections.FlushAsync();
        }
    }
}
