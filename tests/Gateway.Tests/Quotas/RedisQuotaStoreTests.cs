using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// The store contract on <see cref="RedisQuotaStore"/> against a real Redis server, plus what only a shared store
/// does: its keys, and several replicas spending one limit together.
/// </summary>
public sealed class RedisQuotaStoreTests(RedisTestServer server) : QuotaStoreContractTests
{
    protected override async Task<IQuotaStore> CreateStoreAsync(TimeProvider clock) =>
        new RedisQuotaStore(await server.GetConnectionAsync(), clock);

    [Fact]
    public async Task ReserveAsync_CostBudgets_CountCostInMicroUnitsUnderKeysOfTheirOwn()
    {
        var redis = await server.GetConnectionAsync();
        var store = new RedisQuotaStore(redis, new FakeTimeProvider(MidMinute));
        var team = Guid.NewGuid();
        var counter = Counter(team, daily: 10_000, dailyCost: 5_000_000, monthlyCost: 50_000_000);

        await store.ReserveAsync([counter], new QuotaAmount(123, 456_789), Ct);

        var db = redis.GetDatabase();
        var prefix = $"aigw:q:{{{team:D}}}:{counter.Limits.PolicyId:D}:";
        Assert.Equal(123, (long)await db.StringGetAsync(prefix + "day:20250312"));
        Assert.Equal(456_789, (long)await db.StringGetAsync(prefix + "daycost:20250312"));
        Assert.Equal(456_789, (long)await db.StringGetAsync(prefix + "monthcost:202503"));
        AssertExpiresWithin(await db.KeyTimeToLiveAsync(prefix + "daycost:20250312"), TimeSpan.FromDays(2));
        AssertExpiresWithin(await db.KeyTimeToLiveAsync(prefix + "monthcost:202503"), TimeSpan.FromDays(32));
    }

    [Fact]
    public async Task ReserveAsync_NoCostBudget_WritesNoCostKeys()
    {
        var redis = await server.GetConnectionAsync();
        var store = new RedisQuotaStore(redis, new FakeTimeProvider(MidMinute));
        var team = Guid.NewGuid();
        var counter = Counter(team, daily: 10_000);

        await store.ReserveAsync([counter], new QuotaAmount(123, 456_789), Ct);

        var db = redis.GetDatabase();
        var prefix = $"aigw:q:{{{team:D}}}:{counter.Limits.PolicyId:D}:";
        Assert.Equal(123, (long)await db.StringGetAsync(prefix + "day:20250312"));
        Assert.False(await db.KeyExistsAsync(prefix + "daycost:20250312"));
    }

    [Fact]
    public async Task ReserveAsync_Admitted_WritesTeamHashTaggedKeysThatExpireAfterTheirWindow()
    {
        var redis = await server.GetConnectionAsync();
        var store = new RedisQuotaStore(redis, new FakeTimeProvider(MidMinute));
        var team = Guid.NewGuid();
        var counter = Counter(team, rpm: 10, tpm: 1_000, daily: 10_000, monthly: 100_000);

        await store.ReserveAsync([counter], 123, Ct);

        var db = redis.GetDatabase();
        var prefix = $"aigw:q:{{{team:D}}}:{counter.Limits.PolicyId:D}:";
        Assert.Equal(1, (long)await db.StringGetAsync(prefix + "rpm:202503121200"));
        Assert.Equal(123, (long)await db.StringGetAsync(prefix + "tpm:202503121200"));
        Assert.Equal(123, (long)await db.StringGetAsync(prefix + "day:20250312"));
        Assert.Equal(123, (long)await db.StringGetAsync(prefix + "month:202503"));
        AssertExpiresWithin(await db.KeyTimeToLiveAsync(prefix + "rpm:202503121200"), TimeSpan.FromMinutes(2));
        AssertExpiresWithin(await db.KeyTimeToLiveAsync(prefix + "tpm:202503121200"), TimeSpan.FromMinutes(2));
        AssertExpiresWithin(await db.KeyTimeToLiveAsync(prefix + "day:20250312"), TimeSpan.FromDays(2));
        AssertExpiresWithin(await db.KeyTimeToLiveAsync(prefix + "month:202503"), TimeSpan.FromDays(32));
    }

    [Fact]
    public async Task ReserveAsync_UnlimitedWindowsAndRefusals_WriteNoKeys()
    {
        var redis = await server.GetConnectionAsync();
        var store = new RedisQuotaStore(redis, new FakeTimeProvider(MidMinute));
        var team = Guid.NewGuid();
        var requestsOnly = Counter(team, rpm: 5);
        var closed = Counter(team, rpm: 5, daily: 0);

        await store.ReserveAsync([requestsOnly], 50, Ct);
        var refused = await store.ReserveAsync([requestsOnly, closed], 1, Ct);

        var db = redis.GetDatabase();
        var requestsPrefix = $"aigw:q:{{{team:D}}}:{requestsOnly.Limits.PolicyId:D}:";
        var closedPrefix = $"aigw:q:{{{team:D}}}:{closed.Limits.PolicyId:D}:";
        Assert.Equal(QuotaLimitKind.RequestTooLarge, refused.DeniedBy);
        Assert.Equal(1, (long)await db.StringGetAsync(requestsPrefix + "rpm:202503121200"));
        Assert.False(await db.KeyExistsAsync(requestsPrefix + "tpm:202503121200"));
        Assert.False(await db.KeyExistsAsync(requestsPrefix + "day:20250312"));
        Assert.False(await db.KeyExistsAsync(requestsPrefix + "month:202503"));
        Assert.False(await db.KeyExistsAsync(closedPrefix + "rpm:202503121200"));
        Assert.False(await db.KeyExistsAsync(closedPrefix + "day:20250312"));
    }

    [Fact]
    public async Task ReserveAsync_TwoReplicasInParallel_NeverOverspendTogether()
    {
        var endpoint = await server.GetEndpointAsync();
        await using var firstConnection = await RedisTestServer.ConnectAsync(endpoint);
        await using var secondConnection = await RedisTestServer.ConnectAsync(endpoint);
        var time = new FakeTimeProvider(MidMinute);
        IQuotaStore[] replicas = [new RedisQuotaStore(firstConnection, time), new RedisQuotaStore(secondConnection, time)];
        var team = Guid.NewGuid();
        var teamLimit = Counter(team, rpm: 1_000, tpm: 1_000);
        var keyLimit = Counter(team, rpm: 150, daily: 100_000);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(
            async () => await replicas[i % 2].ReserveAsync([teamLimit, keyLimit], 9, Ct), Ct)));
        var admitted = decisions.Where(d => d.Admitted).ToList();
        var after = await replicas[0].ReserveAsync([teamLimit], 0, Ct);

        Assert.Equal(1_000 / 9, admitted.Count);
        Assert.All(decisions.Where(d => !d.Admitted), d => Assert.Equal(QuotaLimitKind.TokensPerMinute, d.DeniedBy));
        Assert.Equal(1_000 % 9, after.RemainingTokens);
        Assert.Equal(1_000 - admitted.Count - 1, after.RemainingRequests);
    }

    [Fact]
    public async Task ReserveAsync_TwoReplicasRequestsPerMinute_AdmitExactlyTheLimitTogether()
    {
        var endpoint = await server.GetEndpointAsync();
        await using var firstConnection = await RedisTestServer.ConnectAsync(endpoint);
        await using var secondConnection = await RedisTestServer.ConnectAsync(endpoint);
        var time = new FakeTimeProvider(MidMinute);
        IQuotaStore[] replicas = [new RedisQuotaStore(firstConnection, time), new RedisQuotaStore(secondConnection, time)];
        var counter = Counter(Guid.NewGuid(), rpm: 60);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(
            async () => await replicas[i % 2].ReserveAsync([counter], 0, Ct), Ct)));

        Assert.Equal(60, decisions.Count(d => d.Admitted));
        Assert.Equal(0, decisions.Where(d => d.Admitted).Min(d => d.RemainingRequests));
    }

    [Fact]
    public async Task ReleaseAsync_OnAnotherReplica_FreesTheSharedCounter()
    {
        var endpoint = await server.GetEndpointAsync();
        await using var otherConnection = await RedisTestServer.ConnectAsync(endpoint);
        var time = new FakeTimeProvider(MidMinute);
        var first = new RedisQuotaStore(await server.GetConnectionAsync(), time);
        var second = new RedisQuotaStore(otherConnection, time);
        var counter = Counter(Guid.NewGuid(), rpm: 1, tpm: 100);
        var reservation = (await first.ReserveAsync([counter], 100, Ct)).Reservation!;

        var refusedOnSecond = await second.ReserveAsync([counter], 0, Ct);
        await second.ReleaseAsync(reservation, Ct);
        var admittedOnSecond = await second.ReserveAsync([counter], 100, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, refusedOnSecond.DeniedBy);
        Assert.True(admittedOnSecond.Admitted);
    }

    private static void AssertExpiresWithin(TimeSpan? ttl, TimeSpan lifetime)
    {
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, lifetime - TimeSpan.FromSeconds(30), lifetime);
    }
}
