using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Metering;

/// <summary>Writes each backend throttle into the throttle log, with the rest the gateway gives that deployment.</summary>
public sealed class ThrottleLogObserver(ThrottleLog throttles, BackendHealthTracker health) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Result == AttemptResult.Throttled && !outcome.Shadow)
        {
            throttles.RecordBackendThrottle(gateway, outcome.Target, health.RestFor(outcome.RetryAfter));
        }
    }
}
