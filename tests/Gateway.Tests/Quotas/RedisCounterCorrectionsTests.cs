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
public sealed class RedisCounterCorrectionsTests(RedisTestServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 12, 12, 0, 20, 500, TimeSpan.Zero));
    private IConnectionMultiplexer _redis = null!;
    private RedisCounterCorrections _corrections = null!;
    private RedisQuotaStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await server.GetConnectionAsync();
        _corrections = new RedisCounterCorrections(_redis, Interval, _time, NullLogger<RedisCounterCorrections>.Instance);
        _store = new RedisQuotaStore(_redis, _time, _corrections);
    }

    public ValueTask DisposeAsync() => _corrections.DisposeAsync();

    [Fact]
    public async Task SettleAsync_CounterKeepsTheEstimateUntilTheIntervalPasses_ThenHoldsTheRealCount()
    {
        var counter = Counter(Guid.NewGuid(), tpm: 1_000, daily: 10_000);
        var reservation = (await _store.ReserveAsync([counter], 100, Ct)).Reservation!;

        await _store.SettleAsync(reservation, 30, Ct);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        var beforeTheInterval = await ReadAsync(counter, "tpm:202503121200");
        // The timer sends within Advance; Redis answers one connection's commands in order, so the reads below see it.
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(100, beforeTheInterval);
        Assert.Equal(30, await ReadAsync(counter, "tpm:202503121200"));
        Assert.Equal(30, await ReadAsync(counter, "day:20250312"));
    }

    [Fact]
    public async Task FlushAsync_ManySettlementsAndAReleaseOnOneCounter_AppliesTheirSum()
    {
        var counter = Counter(Guid.NewGuid(), rpm: 10, tpm: 1_000);
        var reservations = new List<QuotaReservation>();
        for (var i = 0; i < 5; i++)
        {
            reservations.Add((await _store.ReserveAsync([counter], 100, Ct)).Reservation!);
        }

        for (var i = 0; i < 4; i++)
        {
            await _store.SettleAsync(reservations[i], 10 * (i + 1), Ct);
        }

        await _store.ReleaseAsync(reservations[4], Ct);
        var beforeTheFlush = await ReadAsync(counter, "tpm:202503121200");
        await _corrections.FlushAsync();

        Assert.Equal(500, beforeTheFlush);
        Assert.Equal(10 + 20 + 30 + 40, await ReadAsync(counter, "tpm:202503121200"));
        Assert.Equal(4, await ReadAsync(counter, "rpm:202503121200"));
    }

    [Fact]
    public async Task FlushAsync_CorrectionOfAWindowThatExpired_DoesNotRecreateItsKey()
    {
        var counter = Counter(Guid.NewGuid(), tpm: 1_000);
        var reservation = (await _store.ReserveAsync([counter], 100, Ct)).Reservation!;
        await _redis.GetDatabase().KeyDeleteAsync(Key(counter, "tpm:202503121200"));

        await _store.SettleAsync(reservation, 30, Ct);
        await _corrections.FlushAsync();

        Assert.False(await _redis.GetDatabase().KeyExistsAsync(Key(counter, "tpm:202503121200")));
    }

    [Fact]
    public async Task DisposeAsync_SendsWhatIsPending()
    {
        var counter = Counter(Guid.NewGuid(), rpm: 10, tpm: 1_000);
        var settled = (await _store.ReserveAsync([counter], 100, Ct)).Reservation!;
        var released = (await _store.ReserveAsync([counter], 100, Ct)).Reservation!;

        await _store.SettleAsync(settled, 60, Ct);
        await _store.ReleaseAsync(released, Ct);
        await _corrections.DisposeAsync();

        Assert.Equal(60, await ReadAsync(counter, "tpm:202503121200"));
        Assert.Equal(1, await ReadAsync(counter, "rpm:202503121200"));
    }

    [Fact]
    public async Task SettleAsync_AfterDisposal_DoesNotThrowAndTheCounterKeepsTheEstimate()
    {
        var counter = Counter(Guid.NewGuid(), tpm: 1_000);
        var reservation = (await _store.ReserveAsync([counter], 100, Ct)).Reservation!;

        await _corrections.DisposeAsync();
        await _store.SettleAsync(reservation, 30, Ct);
        await _corrections.FlushAsync();

        Assert.Equal(100, await ReadAsync(counter, "tpm:202503121200"));
    }

    private static string Key(QuotaCounter counter, string window) => $"aigw:q:{{{counter.TeamId:D}}}:{counter.Limits.PolicyId:D}:{window}";

    private async Task<long> ReadAsync(QuotaCounter counter, string window) =>
        (long)await _redis.GetDatabase().StringGetAsync(Key(counter, window));
}
