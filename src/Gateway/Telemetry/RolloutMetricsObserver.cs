using System.Diagnostics;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// Counts the attempts on an alias with a rollout in progress by side and status class
/// (<c>aigw.rollout.requests</c>): the same attempts the rollout's guards judge, those the client never saw because
/// the request moved on and shadow copies to green included, under the status the guards count them as.
/// </summary>
public sealed class RolloutMetricsObserver(GatewayMetrics metrics) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(outcome);
        if (gateway.Rollout is not { } rollout)
        {
            return;
        }

        var tags = default(TagList);
        tags.Add(MetricAttributes.Alias, rollout.Blue.Name);
        tags.Add(MetricAttributes.RolloutSide, outcome.Target.DeploymentId == rollout.GreenDeploymentId ? MetricValues.Green : MetricValues.Blue);
        tags.Add(MetricAttributes.StatusClass, MetricValues.StatusClass(outcome.FigureStatus));
        metrics.RolloutRequests.Add(1, tags);
    }
}
