using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Capacity;

/// <summary>Feeds each successful attempt's time to first token into <see cref="DeploymentLatencies"/>.</summary>
public sealed class LatencyObserver(DeploymentLatencies latencies) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Result == AttemptResult.Succeeded && (outcome.FirstTokenMs ?? outcome.LatencyMs) is { } ms)
        {
            latencies.Record(outcome.Target.DeploymentId, ms);
        }
    }
}
