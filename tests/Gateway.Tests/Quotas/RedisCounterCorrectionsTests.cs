using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// Settlements and releases on the Redis store as the gateway ships it: gathered by <see cref="RedisCounterCorrections"/>
/// and sent once per interval, against a real Redis server.
/// </summary>
public sealed class RedisCounterCorrectionsTests(RedisTestServer server)
{
    private static readonly DateTimeOffset MidMinute = new(2025, 3, 12, 12, 0, 20, 500, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SettleAsync_CounterKeepsTheEstimateUntilTheIntervalPasses_ThenHoldsTheRealCount()
    {
        var time = new FakeTimeProvider(MidMinute);
        var redis = await server.GetConnectionAsync();
        await using var corrections = new RedisCounterCorrections(redis, Interval, time, NullLogger<RedisCounterCorrections>.Instance);
        var store = new RedisQuotaStore(redis, time, corrections);
        var counter = Counter(Guid.NewGuid(), tpm: 1_000, daily: 10_000);
        var reservation = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;

        await store.SettleAsync(reservation, 30, Ct);
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        var beforeTheInterval = await ReadAsync(redis, counter, "tpm:202503121200");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await corrections.FlushAsync(); // waits for the send the timer started

        Assert.Equal(100, beforeTheInterval);
        Assert.Equal(30, await ReadAsync(redis, counter, "tpm:202503121200"));
        Assert.Equal(30, await ReadAsync(redis, counter, "day:20250312"));
    }

    [Fact]
    public async Task FlushAsync_ManySettlementsAndAReleaseOnOneCounter_AppliesTheirSum()
    {
        var time = new FakeTimeProvider(MidMinute);
        var redis = await server.GetConnectionAsync();
        await using var corrections = new RedisCounterCorrections(redis, Interval, time, NullLogger<RedisCounterCorrections>.Instance);
        var store = new RedisQuotaStore(redis, time, corrections);
        var counter = Counter(Guid.NewGuid(), rpm: 10, tpm: 1_000);
        var reservations = new List<QuotaReservation>();
        for (var i = 0; i < 5; i++)
        {
            reservations.Add((await store.ReserveAsync([counter], 100, Ct)).Reservation!);
        }

        for (var i = 0; i < 4; i++)
        {
            await store.SettleAsync(reservations[i], 10 * (i + 1), Ct);
        }

        await store.ReleaseAsync(reservations[4], Ct);
        var beforeTheFlush = await ReadAsync(redis, counter, "tpm:202503121200");
        await corrections.FlushAsync();

        Assert.Equal(500, beforeTheFlush);
        Assert.Equal(10 + 20 + 30 + 40, await ReadAsync(redis, counter, "tpm:202503121200"));
        Assert.Equal(4, await ReadAsync(redis, counter, "rpm:202503121200"));
    }

    [Fact]
    public async Task FlushAsync_CorrectionOfAWindowThatExpired_DoesNotRecreateItsKey()
    {
        var time = new FakeTimeProvider(MidMinute);
        var redis = await server.GetConnectionAsync();
        await using var corrections = new RedisCounterCorrections(redis, Interval, time, NullLogger<RedisCounterCorrections>.Instance);
        var store = new RedisQuotaStore(redis, time, corrections);
        var counter = Counter(Guid.NewGuid(), tpm: 1_000);
        var reservation = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;
        await redis.GetDatabase().KeyDeleteAsync(Key(counter, "tpm:202503121200"));

        await store.SettleAsync(reservation, 30, Ct);
        await corrections.FlushAsync();

        Assert.False(await redis.GetDatabase().KeyExistsAsync(Key(counter, "tpm:202503121200")));
    }

    [Fact]
    public async Task DisposeAsync_SendsWhatIsPending()
    {
        var time = new FakeTimeProvider(MidMinute);
        var redis = await server.GetConnectionAsync();
        var corrections = new RedisCounterCorrections(redis, Interval, time, NullLogger<RedisCounterCorrections>.Instance);
        var store = new RedisQuotaStore(redis, time, corrections);
        var counter = Counter(Guid.NewGuid(), rpm: 10, tpm: 1_000);
        var settled = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;
        var released = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;

        await store.SettleAsync(settled, 60, Ct);
        await store.ReleaseAsync(released, Ct);
        await corrections.DisposeAsync();

        Assert.Equal(60, await ReadAsync(redis, counter, "tpm:202503121200"));
        Assert.Equal(1, await ReadAsync(redis, counter, "rpm:202503121200"));
    }

    private static string Key(QuotaCounter counter, string window) => $"aigw:q:{{{counter.TeamId:D}}}:{counter.Limits.PolicyId:D}:{window}";

    private static async Task<long> ReadAsync(IConnectionMultiplexer redis, QuotaCounter counter, string window) =>
        (long)await redis.GetDatabase().StringGetAsync(Key(counter, window));
}
