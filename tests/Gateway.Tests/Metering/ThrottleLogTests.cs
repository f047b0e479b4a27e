using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class ThrottleLogTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 15, 10, TimeSpan.Zero));

    private static ClientKeyEntry Key() =>
        new(Guid.NewGuid(), Guid.NewGuid(), "batch-jobs", "sk-aigw-ab12", [1, 2, 3], AliasScope.All, null, null);

    [Fact]
    public void RecordQuotaRefusal_KeepsTheLimitPolicyKeyAndRetryAfter()
    {
        var log = new ThrottleLog(_clock);
        var policy = Guid.NewGuid();
        var key = Key();
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(TestTargets.Target(TestTargets.Backend())), key);

        log.RecordQuotaRefusal(gateway, new QuotaDecision(null, QuotaLimitKind.TokensPerMinute, policy, TimeSpan.FromSeconds(50), null, null));

        var entry = Assert.Single(log.Recent());
        Assert.Equal(ThrottleLogKind.QuotaRefusal, entry.Kind);
        Assert.Equal(QuotaLimitKind.TokensPerMinute, entry.Limit);
        Assert.Equal(policy, entry.PolicyId);
        Assert.Equal(TimeSpan.FromSeconds(50), entry.RetryAfter);
        Assert.Equal("alpha", entry.TeamName);
        Assert.Equal("gpt-4o", entry.AliasName);
        Assert.Equal(("batch-jobs", "sk-aigw-ab12"), (entry.KeyName, entry.KeyPrefix));
        Assert.Equal(_clock.GetUtcNow(), entry.At);
        Assert.Null(entry.BackendId);
    }

    [Fact]
    public void RecordBackendThrottle_KeepsTheDeploymentBackendAndRest()
    {
        var log = new ThrottleLog(_clock);
        var target = TestTargets.Target(TestTargets.Backend(tier: BackendTier.Provisioned), deploymentName: "gpt-4o-ptu");
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(target));

        log.RecordBackendThrottle(gateway, target, TimeSpan.FromMilliseconds(1500));

        var entry = Assert.Single(log.Recent());
        Assert.Equal(ThrottleLogKind.BackendThrottle, entry.Kind);
        Assert.Equal(("gpt-4o-ptu", target.DeploymentId), (entry.DeploymentName, entry.DeploymentId!.Value));
        Assert.Equal((target.Backend.Name, target.Backend.Id), (entry.BackendName, entry.BackendId!.Value));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), entry.RetryAfter);
        Assert.Null(entry.Limit);
    }

    [Fact]
    public void Recent_MoreThanTheCapacity_KeepsTheNewestFirst()
    {
        var log = new ThrottleLog(_clock, capacity: 3);
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(TestTargets.Target(TestTargets.Backend())));
        for (var i = 1; i <= 5; i++)
        {
            log.RecordQuotaRefusal(gateway, new QuotaDecision(null, QuotaLimitKind.RequestsPerMinute, null, TimeSpan.FromSeconds(i), null, null));
        }

        var recent = log.Recent();

        Assert.Equal([5, 4, 3], recent.Select(e => (int)e.RetryAfter!.Value.TotalSeconds));
        Assert.Equal([5L, 4L, 3L], recent.Select(e => e.Sequence));
    }

    [Fact]
    public void Recent_ForSomeTeams_LeavesTheOthersOut()
    {
        var log = new ThrottleLog(_clock);
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(TestTargets.Target(TestTargets.Backend())));
        log.RecordQuotaRefusal(gateway, new QuotaDecision(null, QuotaLimitKind.RequestsPerMinute, null, null, null, null));
        var other = Assert.Single(log.Recent()) with { TeamId = Guid.NewGuid(), TeamName = "other" };
        log.Add(other);

        Assert.Equal(2, log.Recent().Count);
        Assert.Equal("alpha", Assert.Single(log.Recent(new HashSet<Guid> { gateway.Caller!.Team.Id })).TeamName);
        Assert.Empty(log.Recent(new HashSet<Guid>()));
    }

    [Fact]
    public async Task Record_FromManyThreads_KeepsExactlyTheCapacity()
    {
        var log = new ThrottleLog(_clock, capacity: 100);
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(TestTargets.Target(TestTargets.Backend())));
        var decision = new QuotaDecision(null, QuotaLimitKind.RequestsPerMinute, null, null, null, null);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                log.RecordQuotaRefusal(gateway, decision);
            }
        }, TestContext.Current.CancellationToken)));

        var recent = log.Recent();
        Assert.Equal(100, recent.Count);
        Assert.Equal(4_000, recent[0].Sequence);
    }
}
