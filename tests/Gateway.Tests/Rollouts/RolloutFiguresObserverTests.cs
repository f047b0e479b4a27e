using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Forwarding;
using AiGateway.Gateway.Tests.Metering;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Rollouts;

public sealed class RolloutFiguresObserverTests
{
    private readonly RolloutTraffic _traffic = new();
    private readonly RolloutFiguresObserver _observer;
    private readonly AliasTargetEntry _blue = TestTargets.Target(TestTargets.Backend(), deploymentName: "blue");
    private readonly AliasTargetEntry _green = TestTargets.Target(TestTargets.Backend(), deploymentName: "green");
    private readonly RolloutEntry _rollout;

    public RolloutFiguresObserverTests()
    {
        _observer = new RolloutFiguresObserver(_traffic);
        var blue = TestTargets.Alias(_blue);
        _rollout = new RolloutEntry(Guid.NewGuid(), 3, RolloutStrategy.Canary, 10, 50, _green.DeploymentId, blue, blue with { Targets = [_green, _blue] });
    }

    [Theory]
    [InlineData(AttemptResult.BackendFailed, 401)]
    [InlineData(AttemptResult.BackendFailed, 404)]
    [InlineData(AttemptResult.BackendFailed, 503)]
    [InlineData(AttemptResult.Unreachable, null)]
    [InlineData(AttemptResult.Cut, 200)]
    public void GreenFault_CountsAsAGreenError_AlikeInCanaryTrafficAndShadowCopies(AttemptResult result, int? status)
    {
        _observer.OnAttemptEnded(OnSide(RolloutSide.Green), Outcomes.Of(_green, result, status));
        _observer.OnAttemptEnded(OnSide(RolloutSide.Blue), Outcomes.Of(_green, result, status, shadow: true));

        var green = _traffic.Read(_rollout.Id, _rollout.Phase, RolloutSide.Green);
        Assert.Equal(2, green.Requests);
        Assert.Equal(2, green.Errors);
        Assert.Equal(0, _traffic.Read(_rollout.Id, _rollout.Phase, RolloutSide.Blue).Requests);
    }

    [Fact]
    public void BlueAttempt_CountsForBlue_WithItsLatency()
    {
        _observer.OnAttemptEnded(OnSide(RolloutSide.Blue), Outcomes.Of(_blue, AttemptResult.Succeeded, 200));

        var blue = _traffic.Read(_rollout.Id, _rollout.Phase, RolloutSide.Blue);
        Assert.Equal((1L, 0L, 1L), (blue.Requests, blue.Errors, blue.LatencySamples));
    }

    [Fact]
    public void GreenThrottleAndFilter_CountAsThrottledAndFiltered_NotAsErrors()
    {
        _observer.OnAttemptEnded(OnSide(RolloutSide.Green), Outcomes.Of(_green, AttemptResult.Throttled, 429));
        _observer.OnAttemptEnded(OnSide(RolloutSide.Green), Outcomes.Of(_green, AttemptResult.ClientError, 400) with { ContentFiltered = true });

        var green = _traffic.Read(_rollout.Id, _rollout.Phase, RolloutSide.Green);
        Assert.Equal((2L, 0L, 1L, 1L), (green.Requests, green.Errors, green.Throttled, green.ContentFiltered));
    }

    [Fact]
    public void AttemptOnAnAliasWithoutRollout_IsNotCounted()
    {
        _observer.OnAttemptEnded(LiveTrafficTests.Request(TestTargets.Alias(_blue)), Outcomes.Of(_blue, AttemptResult.BackendFailed, 500));

        Assert.Empty(_traffic.Snapshot());
    }

    private GatewayRequestContext OnSide(RolloutSide side)
    {
        var gateway = LiveTrafficTests.Request(_rollout.Blue with { Rollout = _rollout });
        gateway.AssignedTo(_rollout, side);
        return gateway;
    }
}
