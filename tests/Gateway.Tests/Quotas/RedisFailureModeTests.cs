using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// What the Redis store does when its server goes away: each test starts a redis-server of its own and kills it.
/// </summary>
public sealed class RedisFailureModeTests : IAsyncLifetime
{
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 12, 12, 0, 10, TimeSpan.Zero));
    private readonly QuotaCounter _counter = Counter(Guid.NewGuid(), rpm: 3, tpm: 300);
    private RedisServerProcess _server = null!;
    private IConnectionMultiplexer _connection = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        // A quicker heartbeat than the default second only makes the reconnect test wait less for the restarted server.
        _connection = await RedisTestServer.ConnectAsync(_server.Endpoint, options =>
        {
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            options.ReconnectRetryPolicy = new LinearRetry(100);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ReserveAsync_ServerStopped_FailClosedStoreThrowsQuotaStoreUnavailable()
    {
        var store = new RedisQuotaStore(_connection, _time);
        var reservation = (await store.ReserveAsync([_counter], 10, Ct)).Reservation!;

        await _server.StopAsync();

        await Assert.ThrowsAsync<QuotaStoreUnavailableException>(async () => await store.ReserveAsync([_counter], 10, Ct));
        await Assert.ThrowsAsync<QuotaStoreUnavailableException>(async () => await store.SettleAsync(reservation, 5, Ct));
        await Assert.ThrowsAsync<QuotaStoreUnavailableException>(async () => await store.ReleaseAsync(reservation, Ct));
    }

    [Fact]
    public async Task ReserveAsync_ServerStopped_FailOpenStoreCountsOnThisReplica()
    {
        var logger = new ListLogger<FallbackQuotaStore>();
        var local = new InProcessQuotaStore(_time);
        var store = new FallbackQuotaStore(new RedisQuotaStore(_connection, _time), local, TimeSpan.FromSeconds(5), _time, logger);
        var onRedis = await store.ReserveAsync([_counter], 100, Ct);

        await _server.StopAsync();
        var decisions = new List<QuotaDecision>();
        for (var i = 0; i < 4; i++)
        {
            decisions.Add(await store.ReserveAsync([_counter], 100, Ct));
        }

        await store.ReleaseAsync(decisions[0].Reservation!, Ct);
        var afterRelease = await store.ReserveAsync([_counter], 100, Ct);
        await store.SettleAsync(onRedis.Reservation!, 50, Ct);

        Assert.Equal(2, onRedis.RemainingRequests);
        Assert.Equal([true, true, true, false], decisions.Select(d => d.Admitted));
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, decisions[3].DeniedBy);
        Assert.True(afterRelease.Admitted);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(600, warning.Id.Id);
    }

    [Fact]
    public async Task BatchedCorrections_ServerStopped_AreDroppedWithOneWarning()
    {
        var logger = new ListLogger<RedisCounterCorrections>();
        await using var corrections = new RedisCounterCorrections(_connection, TimeSpan.FromMilliseconds(100), _time, logger);
        var store = new RedisQuotaStore(_connection, _time, corrections);
        var first = (await store.ReserveAsync([_counter], 100, Ct)).Reservation!;
        var second = (await store.ReserveAsync([_counter], 100, Ct)).Reservation!;

        await _server.StopAsync();
        await store.SettleAsync(first, 10, Ct);
        await store.ReleaseAsync(second, Ct);
        await corrections.FlushAsync();

        var warning = Assert.Single(logger.Entries);
        Assert.Equal(610, warning.Id.Id);
        Assert.Contains("Could not send 2 quota counter corrections", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReserveAsync_ServerBackAfterRetryDelay_CountsOnRedisAgain()
    {
        var port = _server.Port;
        var local = new InProcessQuotaStore(_time);
        var store = new FallbackQuotaStore(new RedisQuotaStore(_connection, _time), local, TimeSpan.FromSeconds(5), _time, new ListLogger<FallbackQuotaStore>());
        await store.ReserveAsync([_counter], 100, Ct);
        await _server.StopAsync();
        var whileDown = await store.ReserveAsync([_counter], 100, Ct);

        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        await _server.DisposeAsync();
        _server = await RedisServerProcess.StartAsync(port);
        await restored.Task.WaitAsync(ReconnectTimeout, Ct);
        _time.Advance(TimeSpan.FromSeconds(5));
        var backOnRedis = await store.ReserveAsync([_counter], 100, Ct);

        // The restarted server is empty: Redis counts this request as its first; the fallback's count is not carried over.
        Assert.Equal(2, whileDown.RemainingRequests);
        Assert.Equal(2, backOnRedis.RemainingRequests);
        Assert.Equal(200, backOnRedis.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_ServerStopped_LeaseStoreAdmitsWhatItsBlockHoldsThenThrowsQuotaStoreUnavailable()
    {
        await using var lease = LeaseStoreFactory.Create(_connection, _time);
        var counter = Counter(Guid.NewGuid(), tpm: 1_000_000);

        // Blocks of 1, 2, 4 and 8 requests: the eleventh request took the block of 8, all of it left.
        for (var i = 0; i < 11; i++)
        {
            await lease.Store.ReserveAsync([counter], 100, Ct);
        }

        await _server.StopAsync();
        var fromTheBlock = new List<QuotaDecision>();
        for (var i = 0; i < 8; i++)
        {
            fromTheBlock.Add(await lease.Store.ReserveAsync([counter], 100, Ct));
        }

        Assert.All(fromTheBlock, d => Assert.True(d.Admitted));
        await Assert.ThrowsAsync<QuotaStoreUnavailableException>(async () => await lease.Store.ReserveAsync([counter], 100, Ct));
    }

    [Fact]
    public async Task ReserveAsync_ServerStopped_FailOpenAroundTheLeaseStoreCountsOnThisReplicaOnceTheBlockIsSpent()
    {
        await using var lease = LeaseStoreFactory.Create(_connection, _time);
        var logger = new ListLogger<FallbackQuotaStore>();
        var store = new FallbackQuotaStore(lease.Store, new InProcessQuotaStore(_time), TimeSpan.FromSeconds(5), _time, logger);
        var counter = Counter(Guid.NewGuid(), rpm: 2, tpm: 1_000_000);
        await store.ReserveAsync([counter], 100, Ct);

        await _server.StopAsync();
        var onThisReplica = await store.ReserveAsync([counter], 100, Ct);
        var second = await store.ReserveAsync([counter], 100, Ct);
        var third = await store.ReserveAsync([counter], 100, Ct);

        // The fallback counts from zero, as it does around the exact store.
        Assert.True(onThisReplica.Admitted);
        Assert.True(second.Admitted);
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, third.DeniedBy);
        Assert.Equal(600, Assert.Single(logger.Entries).Id.Id);
    }
}
