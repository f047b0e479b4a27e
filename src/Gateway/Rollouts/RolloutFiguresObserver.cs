using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Counts every attempt on a rollout's alias for its side, including those the client never saw because the
/// request moved on, and shadow copies to green, so the guards see green's failures even when blue answered.
/// </summary>
public sealed class RolloutFiguresObserver(RolloutTraffic traffic) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(outcome);
        // An attempt the client abandoned is no verdict on either side: it would only thin out their rates.
        if (gateway.Rollout is not { } rollout || outcome.Result == AttemptResult.Abandoned)
        {
            return;
        }

        var side = outcome.Target.DeploymentId == rollout.GreenDeploymentId ? RolloutSide.Green : RolloutSide.Blue;
        traffic.Record(rollout.Id, rollout.Phase, side, outcome.FigureStatus, outcome.ContentFiltered, outcome.LatencyMs, outcome.FirstTokenMs);
    }
}
