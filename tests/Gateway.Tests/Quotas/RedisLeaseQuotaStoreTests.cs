using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// What lease mode adds, against a real Redis with a fake clock: blocks taken and used without round trips far from a
/// limit, exact reservations near it, remainders given back (idle, window end, disposal), and a request whose counters
/// are partly local and partly refused by Redis losing nothing.
/// </summary>
public sealed class RedisLeaseQuotaStoreTests(RedisTestServer server) : IAsyncDisposable
{
    /// <summary>20.5 s into a minute, mid-month, mid-day.</summary>
    private static readonly DateTimeOffset MidMinute = new(2025, 3, 12, 12, 0, 20, 500, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(MidMinute);
    private readonly Guid _team = Guid.NewGuid();
    private readonly List<LeaseStoreFactory> _stores = [];
    private readonly List<IConnectionMultiplexer> _connections = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReserveAsync_SteadyTrafficFarFromTheLimit_AdmitsNearlyAllRequestsWithoutARoundTrip()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, rpm: 100_000, tpm: 10_000_000, daily: 100_000_000);

        // 1,000 requests a second for two seconds.
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True((await lease.Store.ReserveAsync([counter], 100, Ct)).Admitted);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // Blocks grow from one request to about 200 ms of traffic (200 requests): a few dozen trips in all.
        Assert.InRange(lease.Store.RoundTrips, 1, 60);
        var used = await ReadAsync(counter, "tpm:202503121200");
        Assert.InRange(used, 2_000 * 100, (2_000 * 100) + (400 * 100));
    }

    [Fact]
    public async Task ReserveAsync_CloseToTheLimit_ReservesEachRequestInRedisAndStopsExactlyAtTheLimit()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, tpm: 50_000);
        var tripsBefore = new List<long>();
        var admitted = 0;
        QuotaDecision decision;
        while (true)
        {
            tripsBefore.Add(lease.Store.RoundTrips);
            decision = await lease.Store.ReserveAsync([counter], 100, Ct);
            if (!decision.Admitted)
            {
                break;
            }

            admitted++;
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(500, admitted);
        Assert.Equal(QuotaLimitKind.TokensPerMinute, decision.DeniedBy);
        Assert.Equal(0, decision.RemainingTokens);
        Assert.Equal(50_000, await ReadAsync(counter, "tpm:202503121200"));

        // 100 requests a second make blocks of about 20 requests (200 ms): with under four of them left (80 requests),
        // every request went to Redis, one trip each; before that, about one in twenty did.
        var lastEighty = Enumerable.Range(admitted - 80, 80).Select(i => tripsBefore[i + 1] - tripsBefore[i]);
        Assert.All(lastEighty, trips => Assert.Equal(1, trips));
        Assert.InRange(lease.Store.RoundTrips - 80, 1, 60);
    }

    [Fact]
    public async Task ReserveAsync_AdmittedFromABlock_ReportsHeadroomWithTheBlockAsIfItWereLeft()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, rpm: 1_000, tpm: 100_000);

        await lease.Store.ReserveAsync([counter], 100, Ct);
        var trips = lease.Store.RoundTrips;
        var local = await lease.Store.ReserveAsync([counter], 100, Ct);

        Assert.Equal(trips, lease.Store.RoundTrips);
        Assert.Equal(998, local.RemainingRequests);
        Assert.Equal(99_800, local.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_OneCounterRefusedByRedis_GivesWhatTheOthersHeldBackToTheirBlocks()
    {
        var lease = await CreateAsync();
        var roomy = Counter(_team, tpm: 1_000_000);
        var tight = Counter(_team, rpm: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await lease.Store.ReserveAsync([roomy, tight], 100, Ct)).Admitted);
        }

        var usedBefore = await ReadAsync(roomy, "tpm:202503121200");
        var refused = await lease.Store.ReserveAsync([roomy, tight], 100, Ct);
        var trips = lease.Store.RoundTrips;
        var fromTheBlock = await lease.Store.ReserveAsync([roomy], 100, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, refused.DeniedBy);
        Assert.Equal(tight.Limits.PolicyId, refused.DeniedPolicyId);
        Assert.True(fromTheBlock.Admitted);
        Assert.Equal(trips, lease.Store.RoundTrips);
        Assert.Equal(usedBefore, await ReadAsync(roomy, "tpm:202503121200"));
    }

    [Fact]
    public async Task ReserveAsync_PolicyLimitLowered_GivesTheBlockBackInsteadOfAdmittingFromIt()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, tpm: 1_000_000);

        // Blocks of 1, 2, 4 and 8 requests: the eleventh request took the block of 8, all of it left.
        for (var i = 0; i < 11; i++)
        {
            await lease.Store.ReserveAsync([counter], 100, Ct);
        }

        var lowered = counter with { Limits = counter.Limits with { TokensPerMinute = 1_100 } };
        var refused = await lease.Store.ReserveAsync([lowered], 100, Ct);
        await lease.Returns.FlushAsync();

        Assert.Equal(QuotaLimitKind.TokensPerMinute, refused.DeniedBy);
        Assert.Equal(11 * 100, await ReadAsync(counter, "tpm:202503121200"));
    }

    [Fact]
    public async Task SettleAsync_RequestAdmittedFromABlock_CorrectsTheSharedCounter()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, tpm: 100_000);
        await lease.Store.ReserveAsync([counter], 100, Ct);
        var local = (await lease.Store.ReserveAsync([counter], 100, Ct)).Reservation!;
        var usedBefore = await ReadAsync(counter, "tpm:202503121200");

        await lease.Store.SettleAsync(local, 40, Ct);

        Assert.Equal(usedBefore - 60, await ReadAsync(counter, "tpm:202503121200"));
    }

    [Fact]
    public async Task DisposeAsync_GivesEveryRemainderBack_SoRedisCountsOnlyWhatWasAdmitted()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, rpm: 100_000, tpm: 1_000_000, daily: 10_000_000, monthly: 100_000_000, dailyCost: 1_000_000_000);
        for (var i = 0; i < 50; i++)
        {
            await lease.Store.ReserveAsync([counter], new QuotaAmount(100, 1_000), Ct);
        }

        Assert.True(await ReadAsync(counter, "tpm:202503121200") > 50 * 100, "no block was taken");
        await lease.Store.DisposeAsync();
        var afterDisposal = await lease.Store.ReserveAsync([counter], new QuotaAmount(100, 1_000), Ct);

        Assert.True(afterDisposal.Admitted);
        Assert.Equal(51, await ReadAsync(counter, "rpm:202503121200"));
        Assert.Equal(51 * 100, await ReadAsync(counter, "tpm:202503121200"));
        Assert.Equal(51 * 100, await ReadAsync(counter, "day:20250312"));
        Assert.Equal(51 * 100, await ReadAsync(counter, "month:202503"));
        Assert.Equal(51 * 1_000, await ReadAsync(counter, "daycost:20250312"));
    }

    [Fact]
    public async Task Sweep_BlockIdleForTheIdleTime_IsGivenBackAndTheTeamForgotten()
    {
        var lease = await CreateAsync();
        var counter = Counter(_team, tpm: 1_000_000);
        for (var i = 0; i < 20; i++)
        {
            await lease.Store.ReserveAsync([counter], 100, Ct);
        }

        var whileUsed = await ReadAsync(counter, "tpm:202503121200");
        _time.Advance(TimeSpan.FromSeconds(2.5));
        await lease.Returns.FlushAsync();
        var beforeIdleTime = await ReadAsync(counter, "tpm:202503121200");
        _time.Advance(TimeSpan.FromSeconds(5));
        await lease.Returns.FlushAsync();

        Assert.True(whileUsed > 20 * 100, "no block was taken");
        Assert.Equal(whileUsed, beforeIdleTime);
        Assert.Equal(20 * 100, await ReadAsync(counter, "tpm:202503121200"));
        Assert.Equal(0, lease.Store.HeldTeams);
    }

    [Fact]
    public async Task ReserveAsync_DayEnds_GivesTheOldDaysRemainderBack()
    {
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 12, 23, 59, 59, TimeSpan.Zero));
        var lease = await CreateAsync();
        var counter = Counter(_team, daily: 10_000_000);
        for (var i = 0; i < 20; i++)
        {
            await lease.Store.ReserveAsync([counter], 100, Ct);
        }

        var whileUsed = await ReadAsync(counter, "day:20250312");
        _time.Advance(TimeSpan.FromSeconds(1));
        await lease.Store.ReserveAsync([counter], 100, Ct);
        await lease.Returns.FlushAsync();

        Assert.True(whileUsed > 20 * 100, "no block was taken");
        Assert.Equal(20 * 100, await ReadAsync(counter, "day:20250312"));
        Assert.True(await ReadAsync(counter, "day:20250313") >= 100);
    }

    [Fact]
    public async Task ReserveAsync_ThreeReplicasPushedPastTheLimit_AdmitExactlyTheLimitTogether()
    {
        var replicas = await ReplicasAsync(3);
        var counter = Counter(_team, rpm: 10_000, tpm: 30_000);

        var burst = await Task.WhenAll(Enumerable.Range(0, 600).Select(i => Task.Run(
            async () => await replicas[i % 3].Store.ReserveAsync([counter], 100, Ct), Ct)));
        var admitted = burst.Count(d => d.Admitted) + await DrainAsync(replicas, [counter], 100);

        Assert.Equal(300, admitted);
        Assert.All(burst.Where(d => !d.Admitted), d => Assert.Equal(QuotaLimitKind.TokensPerMinute, d.DeniedBy));
        Assert.Equal(30_000, await ReadAsync(counter, "tpm:202503121200"));
    }

    [Fact]
    public async Task ReserveAsync_ThreeReplicasAtSteadyRateWithSettlements_NeverPassTheLimitByMoreThanOneRequest()
    {
        var replicas = await ReplicasAsync(3);
        var counter = Counter(_team, tpm: 200_000);
        long admittedActual = 0;

        // Each request is estimated at 100 and really uses 60 to 140: the estimate errs both ways, as real ones do.
        for (var tick = 0; tick < 1_000; tick++)
        {
            var decisions = await Task.WhenAll(replicas.Select(r => r.Store.ReserveAsync([counter], 100, Ct).AsTask()));
            for (var r = 0; r < decisions.Length; r++)
            {
                if (decisions[r].Reservation is { } reservation)
                {
                    var actual = 60 + ((tick * 7 + r * 13) % 81);
                    admittedActual += actual;
                    await replicas[r].Store.SettleAsync(reservation, actual, Ct);
                }
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        foreach (var replica in replicas)
        {
            await replica.Store.DisposeAsync();
        }

        // Over: at most one request's (actual - estimate) per replica; under: less than one estimate plus what the
        // last settlements gave back after the last requests.
        Assert.InRange(admittedActual, 200_000 - 100 - (3 * 40), 200_000 + (3 * 40));
        Assert.Equal(admittedActual, await ReadAsync(counter, "tpm:202503121200"));
    }

    [Fact]
    public async Task ReserveAsync_ThreeReplicasOnADailyCostBudget_SpendExactlyWhatFits()
    {
        var replicas = await ReplicasAsync(3);
        var counter = Counter(_team, dailyCost: 1_000_000);
        var cost = new QuotaAmount(10, 7_000);

        var burst = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(
            async () => await replicas[i % 3].Store.ReserveAsync([counter], cost, Ct), Ct)));
        var admitted = burst.Count(d => d.Admitted) + await DrainAsync(replicas, [counter], cost);

        Assert.Equal(1_000_000 / 7_000, admitted);
        Assert.All(burst.Where(d => !d.Admitted), d => Assert.Equal(QuotaLimitKind.DailyCostBudget, d.DeniedBy));
        Assert.Equal(admitted * 7_000, await ReadAsync(counter, "daycost:20250312"));
    }

    [Fact]
    public async Task ReserveAsync_MixedWithTheExactStore_BothCountOnTheSameKeys()
    {
        var lease = await CreateAsync();
        var exact = new RedisQuotaStore(await server.GetConnectionAsync(), _time);
        var counter = Counter(_team, rpm: 10, tpm: 1_000);

        var fromLease = await lease.Store.ReserveAsync([counter], 600, Ct);
        var fromExact = await exact.ReserveAsync([counter], 401, Ct);

        Assert.True(fromLease.Admitted);
        Assert.Equal(QuotaLimitKind.TokensPerMinute, fromExact.DeniedBy);
        Assert.Equal(400, fromExact.RemainingTokens);
    }

    /// <summary>Each replica in turn reserves until Redis and its own blocks refuse it; returns how many it admitted.</summary>
    private static async Task<int> DrainAsync(LeaseStoreFactory[] replicas, QuotaCounter[] counters, QuotaAmount amount)
    {
        var admitted = 0;
        foreach (var replica in replicas)
        {
            while ((await replica.Store.ReserveAsync(counters, amount, Ct)).Admitted)
            {
                admitted++;
            }
        }

        return admitted;
    }

    private async Task<LeaseStoreFactory> CreateAsync()
    {
        var store = LeaseStoreFactory.Create(await server.GetConnectionAsync(), _time);
        _stores.Add(store);
        return store;
    }

    /// <summary>Stores with a Redis connection each, as separate gateway processes would have.</summary>
    private async Task<LeaseStoreFactory[]> ReplicasAsync(int count)
    {
        var endpoint = await server.GetEndpointAsync();
        var replicas = new LeaseStoreFactory[count];
        for (var i = 0; i < count; i++)
        {
            var connection = await RedisTestServer.ConnectAsync(endpoint);
            _connections.Add(connection);
            replicas[i] = LeaseStoreFactory.Create(connection, _time);
            _stores.Add(replicas[i]);
        }

        return replicas;
    }

    private async Task<long> ReadAsync(QuotaCounter counter, string window) =>
        (long)await (await server.GetConnectionAsync()).GetDatabase()
            .StringGetAsync($"aigw:q:{{{counter.TeamId:D}}}:{counter.Limits.PolicyId:D}:{window}");
}
