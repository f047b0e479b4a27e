using System.Diagnostics;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// Counts every attempt on a deployment by its result (<c>aigw.backend.attempts</c>, shadow copies included: they
/// are real load on the backend), and every failover (<c>aigw.failovers</c>): an attempt the request moved on from,
/// counted when the next attempt ends, with the result that made it move.
/// </summary>
public sealed class AttemptMetricsObserver(GatewayMetrics metrics) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(outcome);
        var target = outcome.Target;
        var tags = default(TagList);
        tags.Add(MetricAttributes.Backend, target.Backend.Name);
        tags.Add(MetricAttributes.Deployment, target.DeploymentName);
        tags.Add(MetricAttributes.AttemptResult, MetricValues.Result(outcome.Result));
        metrics.BackendAttempts.Add(1, tags);

        if (outcome.Shadow || outcome.Number < 2 || gateway.PreviousOutcome is not { } previous)
        {
            return;
        }

        var failover = default(TagList);
        failover.Add(MetricAttributes.Alias, gateway.Alias.Name);
        failover.Add(MetricAttributes.FailoverReason, MetricValues.Result(previous.Result));
        metrics.Failovers.Add(1, failover);
    }
}
