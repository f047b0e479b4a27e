using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class LiveTrafficTests
{
    private static readonly Guid TeamA = Guid.Parse("0193b000-0000-7000-8000-00000000000a");
    private static readonly Guid TeamB = Guid.Parse("0193b000-0000-7000-8000-00000000000b");
    private static readonly Guid Alias = Guid.Parse("0193b000-0000-7000-8000-0000000000a1");
    private static readonly Guid Ptu = Guid.Parse("0193b000-0000-7000-8000-0000000000d1");
    private static readonly Guid Paygo = Guid.Parse("0193b000-0000-7000-8000-0000000000d2");
    private static readonly Guid PtuBackend = Guid.Parse("0193b000-0000-7000-8000-0000000000b1");
    private static readonly Guid PaygoBackend = Guid.Parse("0193b000-0000-7000-8000-0000000000b2");

    // Ten seconds into a minute: buckets are aligned to UTC, so the minute starts one bucket back.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 15, 10, TimeSpan.Zero));

    private static LiveTrafficSample Served(
        Guid team, int status = 200, long tokens = 100, int latencyMs = 100, BackendTier tier = BackendTier.Provisioned, bool spilled = false) =>
        new(team, team == TeamA ? "alpha" : "beta", Alias, "gpt-4o-mini",
            tier == BackendTier.Provisioned ? Ptu : Paygo, tier == BackendTier.Provisioned ? "gpt-4o-mini-ptu" : "gpt-4o-mini-paygo",
            tier == BackendTier.Provisioned ? PtuBackend : PaygoBackend, tier == BackendTier.Provisioned ? "ptu-sweden" : "paygo-east",
            status < 400 ? tier : null, status, tokens, latencyMs, QuotaRefused: false, SpilledOver: spilled);

    private static LiveTrafficSample Refused(Guid team) =>
        new(team, "alpha", Alias, "gpt-4o-mini", Guid.Empty, null, Guid.Empty, null, null, 429, 0, null, QuotaRefused: true, SpilledOver: false);

    [Fact]
    public void Snapshot_RequestsOfTwoTeams_CountsAndRatesByTeamAliasBackendAndDeployment()
    {
        var live = new LiveTraffic(_clock);
        for (var i = 0; i < 6; i++)
        {
            live.Record(Served(TeamA, tokens: 200));
        }

        live.Record(Served(TeamB, tokens: 50, tier: BackendTier.Standard, spilled: true));
        live.Record(Served(TeamB, tokens: 50, tier: BackendTier.Standard));
        _clock.Advance(TimeSpan.FromSeconds(50));

        var snapshot = live.Snapshot(TimeSpan.FromMinutes(1));

        Assert.Equal(8, snapshot.Total.Requests);
        Assert.Equal(1300, snapshot.Total.Tokens);
        var alpha = snapshot.Team(TeamA)!;
        Assert.Equal("alpha", alpha.Name);
        Assert.Equal(6, alpha.Requests);
        Assert.Equal(1200, alpha.Tokens);
        // From the start of the first bucket (10:15:00) to now (10:16:00): exactly one minute.
        Assert.Equal(TimeSpan.FromMinutes(1), snapshot.Length);
        Assert.Equal(6, alpha.RequestsPerMinute, 6);
        Assert.Equal(1200, alpha.TokensPerMinute, 6);
        Assert.Equal(2, snapshot.Team(TeamB)!.Requests);
        Assert.Equal(8, Assert.Single(snapshot.Aliases).Requests);
        Assert.Equal([("ptu-sweden", 6L), ("paygo-east", 2L)], snapshot.Backends.Select(b => (b.Name, b.Requests)));
        Assert.Equal([(Ptu, BackendTier.Provisioned), (Paygo, BackendTier.Standard)], snapshot.Deployments.Select(d => (d.Id, d.Tier!.Value)));
        Assert.Equal(6, snapshot.ProvisionedRequests);
        Assert.Equal(2, snapshot.StandardRequests);
        Assert.Equal(1, snapshot.SpilloverRequests);
        Assert.Equal(1200.0 / 1300, snapshot.ProvisionedTokenShare, 6);
        Assert.Equal(1.0 / 8, snapshot.SpilloverShare, 6);
    }

    [Fact]
    public void Snapshot_ErrorsThrottlesAndRefusals_GivesTheirRates()
    {
        var live = new LiveTraffic(_clock);
        for (var i = 0; i < 6; i++)
        {
            live.Record(Served(TeamA));
        }

        live.Record(Served(TeamA, status: 503));
        live.Record(Served(TeamA, status: 429));
        live.Record(Refused(TeamA));
        live.Record(Refused(TeamA));

        var snapshot = live.Snapshot(TimeSpan.FromMinutes(1));

        Assert.Equal(10, snapshot.Total.Requests);
        Assert.Equal(0.1, snapshot.ErrorRate, 6);
        Assert.Equal(0.3, snapshot.ThrottleRate, 6);
        var alpha = snapshot.Team(TeamA)!;
        Assert.Equal(2, alpha.Refused);
        Assert.Equal(8, alpha.Admitted);
        // Refusals never reached a backend: no backend or deployment figures for them.
        Assert.Equal(8, snapshot.Backends.Sum(b => b.Requests));
    }

    [Fact]
    public void Snapshot_Latencies_GivesP50AndP95ToTheHistogramsResolution()
    {
        var live = new LiveTraffic(_clock);
        for (var i = 0; i < 90; i++)
        {
            live.Record(Served(TeamA, latencyMs: 95));
        }

        for (var i = 0; i < 10; i++)
        {
            live.Record(Served(TeamA, latencyMs: 1_800));
        }

        var snapshot = live.Snapshot(TimeSpan.FromMinutes(1));

        Assert.Equal(100, snapshot.P50LatencyMs);
        Assert.Equal(2_000, snapshot.P95LatencyMs);
    }

    [Fact]
    public void Snapshot_RefusalsOnly_HasNoLatency()
    {
        var live = new LiveTraffic(_clock);
        live.Record(Refused(TeamA));

        var snapshot = live.Snapshot(TimeSpan.FromMinutes(1));

        Assert.Null(snapshot.P50LatencyMs);
        Assert.Null(snapshot.P95LatencyMs);
    }

    [Fact]
    public void Snapshot_OlderThanTheWindow_IsLeftOut()
    {
        var live = new LiveTraffic(_clock);
        live.Record(Served(TeamA));
        _clock.Advance(TimeSpan.FromMinutes(2));
        live.Record(Served(TeamA));
        live.Record(Served(TeamA));

        Assert.Equal(2, live.Snapshot(TimeSpan.FromMinutes(1)).Total.Requests);
        Assert.Equal(3, live.Snapshot(TimeSpan.FromMinutes(5)).Total.Requests);
    }

    [Fact]
    public void Record_AfterTheRetention_RollsOldBucketsOff()
    {
        var live = new LiveTraffic(_clock);
        live.Record(Served(TeamA));
        _clock.Advance(LiveTraffic.Retention + LiveTraffic.BucketLength);

        Assert.Equal(0, live.Snapshot(LiveTraffic.Retention).Total.Requests);

        // The ring has come round: the old bucket is reused for the new requests, and only they count.
        live.Record(Served(TeamB));
        var snapshot = live.Snapshot(LiveTraffic.Retention);
        Assert.Equal(1, snapshot.Total.Requests);
        Assert.Null(snapshot.Team(TeamA));
    }

    [Fact]
    public void Snapshot_SinceTheMinutesStart_CountsOnlyThisMinute()
    {
        var live = new LiveTraffic(_clock);
        live.Record(Served(TeamA));
        _clock.Advance(TimeSpan.FromSeconds(55));
        live.Record(Served(TeamA));
        var minuteStart = new DateTimeOffset(2026, 11, 25, 10, 16, 0, TimeSpan.Zero);

        Assert.Equal(1, live.Snapshot(minuteStart).Total.Requests);
    }

    [Fact]
    public void Snapshot_ForSomeTeams_ShowsNothingOfTheOthers()
    {
        var live = new LiveTraffic(_clock);
        live.Record(Served(TeamA, tokens: 10));
        live.Record(Served(TeamB, tokens: 20, tier: BackendTier.Standard));

        var snapshot = live.Snapshot(TimeSpan.FromMinutes(1), new HashSet<Guid> { TeamA });

        Assert.Equal(TeamA, Assert.Single(snapshot.Teams).Id);
        Assert.Equal(10, snapshot.Total.Tokens);
        Assert.Equal("ptu-sweden", Assert.Single(snapshot.Backends).Name);
        Assert.Equal(1, snapshot.Series.Sum(p => p.Requests));
    }

    [Fact]
    public void Snapshot_Series_HasOneZeroFilledPointPerBucket()
    {
        var live = new LiveTraffic(_clock);
        live.Record(Served(TeamA));
        _clock.Advance(TimeSpan.FromSeconds(30));
        live.Record(Served(TeamA));
        live.Record(Served(TeamA));

        var series = live.Snapshot(TimeSpan.FromMinutes(1)).Series;

        Assert.Equal(LiveTraffic.BucketLength, series[1].Start - series[0].Start);
        Assert.Equal(1, series.Single(p => p.Start == new DateTimeOffset(2026, 11, 25, 10, 15, 10, TimeSpan.Zero)).Requests);
        Assert.Equal(2, series[^1].Requests);
        Assert.Equal(3, series.Sum(p => p.Requests));
    }

    [Fact]
    public async Task Record_FromManyThreads_LosesNothing()
    {
        var live = new LiveTraffic(_clock);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                live.Record(Served(t % 2 == 0 ? TeamA : TeamB, tokens: 1));
            }
        }, TestContext.Current.CancellationToken)));

        var snapshot = live.Snapshot(TimeSpan.FromMinutes(1));

        Assert.Equal(40_000, snapshot.Total.Requests);
        Assert.Equal(40_000, snapshot.Total.Tokens);
    }

    [Fact]
    public void SampleOf_RequestServedByStandardAfterProvisioned_IsASpillover()
    {
        var ptu = TestTargets.Target(TestTargets.Backend(tier: BackendTier.Provisioned), tier: 1, deploymentName: "ptu");
        var paygo = TestTargets.Target(TestTargets.Backend(tier: BackendTier.Standard), tier: 2, deploymentName: "paygo");
        var gateway = Request(TestTargets.Alias(ptu, paygo));
        gateway.Ended(Served(paygo, 2));

        var sample = LiveTrafficSample.Of(gateway, 200, 42, 120);

        Assert.True(sample.SpilledOver);
        Assert.Equal(BackendTier.Standard, sample.Tier);
        Assert.Equal(paygo.DeploymentId, sample.DeploymentId);
        Assert.Equal(42, sample.Tokens);
        Assert.Equal(120, sample.LatencyMs);
    }

    [Fact]
    public void SampleOf_StandardOnlyAlias_IsNoSpillover()
    {
        var paygo = TestTargets.Target(TestTargets.Backend(tier: BackendTier.Standard), tier: 1);
        var gateway = Request(TestTargets.Alias(paygo));
        gateway.Ended(Served(paygo, 1));

        Assert.False(LiveTrafficSample.Of(gateway, 200, 1, 1).SpilledOver);
    }

    [Fact]
    public void SampleOf_QuotaRefusal_IsRefusedWithoutBackendOrLatency()
    {
        var gateway = Request(TestTargets.Alias(TestTargets.Target(TestTargets.Backend())));
        gateway.Admitted(new QuotaDecision(null, QuotaLimitKind.TokensPerMinute, Guid.NewGuid(), TimeSpan.FromSeconds(20), null, null));

        var sample = LiveTrafficSample.Of(gateway, 429, 0, 3);

        Assert.True(sample.QuotaRefused);
        Assert.True(sample.IsThrottled);
        Assert.Equal(Guid.Empty, sample.BackendId);
        Assert.Null(sample.LatencyMs);
    }

    [Fact]
    public void SampleOf_BudgetRefusalAnswered403_StillCountsAsAThrottle()
    {
        var gateway = Request(TestTargets.Alias(TestTargets.Target(TestTargets.Backend())));
        gateway.Admitted(new QuotaDecision(null, QuotaLimitKind.DailyTokenBudget, Guid.NewGuid(), TimeSpan.FromHours(5), null, null));

        var sample = LiveTrafficSample.Of(gateway, 403, 0, 3);

        Assert.True(sample.QuotaRefused);
        Assert.True(sample.IsThrottled);
        Assert.False(sample.IsError);
    }

    internal static GatewayRequestContext Request(AliasEntry alias, ClientKeyEntry? key = null)
    {
        var team = new TeamEntry(TeamA, "alpha", true, PriorityClass.Normal, null, AliasScope.All, null);
        var gateway = new GatewayRequestContext("req-1", GatewaySnapshot.Empty, GatewaySurface.AzureClassic, GatewayOperation.ChatCompletions, 0, DateTimeOffset.UnixEpoch);
        gateway.Authenticated(new GatewayCaller(team, key, null));
        gateway.AliasResolved(alias);
        return gateway;
    }

    private static AttemptOutcome Served(AliasTargetEntry target, int number) =>
        new(target, number, AttemptResult.Succeeded, 200, null, false, 120, null);
}
