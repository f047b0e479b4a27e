using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Tests.Forwarding;
using AiGateway.Gateway.Tests.Metering;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Backends;

public sealed class BackendHealthObserverTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly BackendHealthTracker _health;
    private readonly BackendHealthObserver _observer;
    private readonly AliasTargetEntry _target = TestTargets.Target(TestTargets.Backend());

    public BackendHealthObserverTests()
    {
        _health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions { CircuitFailureThreshold = 2, MaxThrottleSeconds = 60 }));
        _observer = new BackendHealthObserver(_health);
    }

    [Fact]
    public void Throttled_RestsTheDeploymentForItsRetryAfter_AndLeavesTheBackendUp()
    {
        Observe(AttemptResult.Throttled, 429, TimeSpan.FromSeconds(20));

        Assert.Equal(_clock.GetUtcNow().AddSeconds(20), _health.ThrottledUntil(_target.DeploymentId));
        Assert.Null(_health.CircuitOpenUntil(_target.Backend.Id));
    }

    [Fact]
    public void Throttled_WithAnAbsurdRetryAfter_RestsAtMostTheCap()
    {
        Observe(AttemptResult.Throttled, 429, TimeSpan.FromHours(5));

        Assert.Equal(_clock.GetUtcNow().AddSeconds(60), _health.ThrottledUntil(_target.DeploymentId));
    }

    [Theory]
    [InlineData(AttemptResult.BackendFailed, 500)]
    [InlineData(AttemptResult.BackendFailed, 401)]
    [InlineData(AttemptResult.Unreachable, null)]
    [InlineData(AttemptResult.Cut, 200)]
    public void Faults_UpToTheThreshold_OpenTheBackendsCircuit(AttemptResult result, int? status)
    {
        Observe(result, status);
        Assert.Null(_health.CircuitOpenUntil(_target.Backend.Id));

        Observe(result, status);

        Assert.NotNull(_health.CircuitOpenUntil(_target.Backend.Id));
    }

    [Theory]
    [InlineData(AttemptResult.Succeeded, 200)]
    [InlineData(AttemptResult.ClientError, 400)]
    public void AnAnswer_BetweenFaults_ResetsTheCount(AttemptResult result, int status)
    {
        Observe(AttemptResult.BackendFailed, 500);
        Observe(result, status);
        Observe(AttemptResult.BackendFailed, 500);

        Assert.Null(_health.CircuitOpenUntil(_target.Backend.Id));
    }

    [Theory]
    [InlineData(AttemptResult.Unreachable, null)]
    [InlineData(AttemptResult.TimedOut, null)]
    [InlineData(AttemptResult.Cut, 200)]
    public void ClientWentAway_TheAttemptIsNoFaultOfTheBackends(AttemptResult result, int? status)
    {
        for (var i = 0; i < 3; i++)
        {
            Observe(result, status, clientGone: true);
        }

        Assert.Null(_health.CircuitOpenUntil(_target.Backend.Id));
    }

    [Fact]
    public void ClientWentAway_BeforeAnyAnswer_LeavesTheFaultCountAsItWas()
    {
        Observe(AttemptResult.BackendFailed, 500);
        Observe(AttemptResult.Unreachable, null, clientGone: true);
        Assert.Null(_health.CircuitOpenUntil(_target.Backend.Id));

        Observe(AttemptResult.BackendFailed, 500);

        Assert.NotNull(_health.CircuitOpenUntil(_target.Backend.Id));
    }

    [Fact]
    public void ShadowCopies_ChangeNoHealth()
    {
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(_target));
        for (var i = 0; i < 3; i++)
        {
            _observer.OnAttemptEnded(gateway, Outcomes.Of(_target, AttemptResult.BackendFailed, 500, shadow: true));
            _observer.OnAttemptEnded(gateway, Outcomes.Of(_target, AttemptResult.Throttled, 429, TimeSpan.FromSeconds(5), shadow: true));
        }

        Assert.Null(_health.CircuitOpenUntil(_target.Backend.Id));
        Assert.Null(_health.ThrottledUntil(_target.DeploymentId));
    }

    private void Observe(AttemptResult result, int? status, TimeSpan? retryAfter = null, bool clientGone = false) =>
        _observer.OnAttemptEnded(LiveTrafficTests.Request(TestTargets.Alias(_target)), Outcomes.Of(_target, result, status, retryAfter, clientGone: clientGone));
}
