using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Forwarding;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class ThrottleLogObserverTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ThrottleLog _log;
    private readonly ThrottleLogObserver _observer;
    private readonly AliasTargetEntry _target = TestTargets.Target(TestTargets.Backend(), deploymentName: "ptu");

    public ThrottleLogObserverTests()
    {
        _log = new ThrottleLog(_clock);
        var health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions { MaxThrottleSeconds = 60, DefaultThrottleSeconds = 7 }));
        _observer = new ThrottleLogObserver(_log, health);
    }

    [Fact]
    public void BackendThrottle_IsLoggedWithTheRestTheGatewayGivesIt()
    {
        _observer.OnAttemptEnded(LiveTrafficTests.Request(TestTargets.Alias(_target)), Outcomes.Of(_target, AttemptResult.Throttled, 429, TimeSpan.FromMinutes(10)));

        var entry = Assert.Single(_log.Recent());
        Assert.Equal(ThrottleLogKind.BackendThrottle, entry.Kind);
        Assert.Equal("ptu", entry.DeploymentName);
        Assert.Equal(TimeSpan.FromSeconds(60), entry.RetryAfter);
    }

    [Fact]
    public void BackendThrottleWithoutRetryAfter_IsLoggedWithTheDefaultRest()
    {
        _observer.OnAttemptEnded(LiveTrafficTests.Request(TestTargets.Alias(_target)), Outcomes.Of(_target, AttemptResult.Throttled, 429));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(_log.Recent()).RetryAfter);
    }

    [Theory]
    [InlineData(AttemptResult.Succeeded, 200, false)]
    [InlineData(AttemptResult.BackendFailed, 503, false)]
    [InlineData(AttemptResult.Throttled, 429, true)]
    public void OtherOutcomesAndShadowThrottles_AreNotLogged(AttemptResult result, int status, bool shadow)
    {
        _observer.OnAttemptEnded(LiveTrafficTests.Request(TestTargets.Alias(_target)), Outcomes.Of(_target, result, status, shadow: shadow));

        Assert.Empty(_log.Recent());
    }
}
