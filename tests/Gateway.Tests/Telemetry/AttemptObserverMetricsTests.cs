using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Forwarding;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Telemetry;

/// <summary>The attempt observers' counters: attempts by result, failovers by reason, rollout attempts by side.</summary>
public sealed class AttemptObserverMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly MetricsCapture _capture = new();
    private readonly AttemptObservers _observers;
    private readonly AliasTargetEntry _ptu = TestTargets.Target(TestTargets.Backend("swedencentral"), deploymentName: "ptu-chat");
    private readonly AliasTargetEntry _paygo = TestTargets.Target(TestTargets.Backend("eastus"), deploymentName: "paygo-chat");
    private readonly AliasEntry _alias;

    public AttemptObserverMetricsTests()
    {
        var health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()));
        var metrics = new GatewayMetrics(_capture.Factory, new BackendHealthReadings(health, new GatewaySnapshotStore()));
        _observers = new AttemptObservers([new AttemptMetricsObserver(metrics), new RolloutMetricsObserver(metrics)]);
        _alias = TestTargets.Alias(_ptu, _paygo) with { Name = "chat" };
    }

    public void Dispose() => _capture.Dispose();

    [Fact]
    public void EachAttempt_IsCountedByBackendDeploymentAndResult()
    {
        var gateway = GatewayRequests.Resolved(_alias, GatewayRequests.Team());

        Attempt(gateway, _ptu, AttemptResult.Throttled, 429);
        Attempt(gateway, _paygo, AttemptResult.Succeeded, 200);

        var attempts = _capture.Of(GatewayMetrics.BackendAttemptsName);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(
            new Dictionary<string, string?> { ["aigw.backend"] = "backend-swedencentral", ["aigw.deployment"] = "ptu-chat", ["aigw.attempt.result"] = "throttled" },
            attempts[0].Tags);
        Assert.Equal("succeeded", attempts[1].Tag("aigw.attempt.result"));
        Assert.Equal("{attempt}", attempts[0].Unit);
    }

    [Theory]
    [InlineData(AttemptResult.Throttled, 429, "throttled")]
    [InlineData(AttemptResult.BackendFailed, 500, "backend_failed")]
    [InlineData(AttemptResult.Unreachable, null, "unreachable")]
    [InlineData(AttemptResult.TimedOut, null, "timed_out")]
    public void AnAttemptFollowedByAnother_IsAFailover_NamedByWhatMadeItMove(AttemptResult result, int? status, string reason)
    {
        var gateway = GatewayRequests.Resolved(_alias, GatewayRequests.Team());

        Attempt(gateway, _ptu, result, status);
        Assert.Empty(_capture.Of(GatewayMetrics.FailoversName));
        Attempt(gateway, _paygo, AttemptResult.Succeeded, 200);

        var failover = Assert.Single(_capture.Of(GatewayMetrics.FailoversName));
        Assert.Equal(new Dictionary<string, string?> { ["aigw.alias"] = "chat", ["aigw.failover.reason"] = reason }, failover.Tags);
    }

    [Fact]
    public void ThreeAttempts_AreTwoFailovers()
    {
        var gateway = GatewayRequests.Resolved(_alias, GatewayRequests.Team());

        Attempt(gateway, _ptu, AttemptResult.Throttled, 429);
        Attempt(gateway, _paygo, AttemptResult.BackendFailed, 503);
        Attempt(gateway, _ptu, AttemptResult.Succeeded, 200);

        Assert.Equal(["throttled", "backend_failed"], _capture.Of(GatewayMetrics.FailoversName).Select(f => f.Tag("aigw.failover.reason")));
    }

    [Fact]
    public void ShadowCopy_IsAnAttempt_ButNeverAFailover()
    {
        var gateway = GatewayRequests.Resolved(_alias, GatewayRequests.Team());
        Attempt(gateway, _ptu, AttemptResult.Throttled, 429);
        Attempt(gateway, _paygo, AttemptResult.Succeeded, 200);

        _observers.Report(gateway, Outcomes.Of(_ptu, AttemptResult.Succeeded, 200, shadow: true));

        Assert.Equal(3, _capture.Of(GatewayMetrics.BackendAttemptsName).Count);
        Assert.Single(_capture.Of(GatewayMetrics.FailoversName));
    }

    [Fact]
    public void AttemptOnAnAliasWithoutRollout_IsNoRolloutRequest()
    {
        var gateway = GatewayRequests.Resolved(_alias, GatewayRequests.Team());

        Attempt(gateway, _ptu, AttemptResult.Succeeded, 200);

        Assert.Empty(_capture.Of(GatewayMetrics.RolloutRequestsName));
    }

    [Fact]
    public void RolloutAttempts_AreCountedBySide_UnderTheStatusTheGuardsCount()
    {
        var green = TestTargets.Target(TestTargets.Backend("westus"), deploymentName: "gpt-4o-next");
        var rollout = new RolloutEntry(Guid.NewGuid(), 1, RolloutStrategy.Canary, 10, 50, green.DeploymentId, _alias, _alias with { Targets = [green, _paygo] });
        var onGreen = OnSide(rollout, RolloutSide.Green);
        var onBlue = OnSide(rollout, RolloutSide.Blue);

        Attempt(onGreen, green, AttemptResult.Unreachable, null);
        Attempt(onGreen, _paygo, AttemptResult.Succeeded, 200);
        Attempt(onBlue, _ptu, AttemptResult.Succeeded, 200);
        _observers.Report(onBlue, Outcomes.Of(green, AttemptResult.Succeeded, 200, shadow: true));

        var counted = _capture.Of(GatewayMetrics.RolloutRequestsName)
            .Select(m => (m.Tag("aigw.alias"), m.Tag("aigw.rollout.side"), m.Tag("aigw.status_class")))
            .ToList();
        Assert.Equal(
            [("chat", "green", "5xx"), ("chat", "blue", "2xx"), ("chat", "blue", "2xx"), ("chat", "green", "2xx")],
            counted);
    }

    private static GatewayRequestContext OnSide(RolloutEntry rollout, RolloutSide side)
    {
        var gateway = GatewayRequests.Arrived(GatewayRequests.Snapshot());
        gateway.Authenticated(new GatewayCaller(GatewayRequests.Team(), null, null));
        gateway.BodyRead(GatewayRequests.Body(GatewayRequests.ChatBody));
        gateway.AssignedTo(rollout, side);
        return gateway;
    }

    /// <summary>One attempt as the forwarding step makes it: started, ended, reported.</summary>
    private void Attempt(GatewayRequestContext gateway, AliasTargetEntry target, AttemptResult result, int? status)
    {
        var attempt = gateway.StartAttempt(target, gateway.Request.Body, TimeSpan.FromSeconds(30), new ResponseObserver(_clock));
        var outcome = Outcomes.Of(target, result, status) with { Number = attempt.Number };
        gateway.Ended(outcome);
        _observers.Report(gateway, outcome);
    }
}
