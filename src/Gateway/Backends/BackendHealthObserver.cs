using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Turns each attempt's outcome into backend health: a throttle rests only the deployment that said it (and proves
/// the backend is up), a fault counts against the backend's circuit, any other answer closes it. A fault that opens
/// the circuit raises a <see cref="AlertKind.CircuitOpened"/> alert.
/// </summary>
public sealed class BackendHealthObserver(BackendHealthTracker health, IAlertPublisher? alerts = null) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Shadow)
        {
            // Shadow copies judge green for its rollout only; they do not steer live traffic.
            return;
        }

        var target = outcome.Target;
        if (outcome.ClientGone)
        {
            // The client left first (before an answer, or while a stream was passed on): the backend was neither slow
            // nor healthy as far as anyone knows. A half-open
            // circuit's probe slot is freed for the next request to judge it.
            health.ReleaseProbe(target.Backend.Id);
            return;
        }

        if (outcome.IsBackendFault)
        {
            if (health.ReportFailure(target.Backend.Id) is { } openUntil)
            {
                alerts?.Publish(CircuitAlerts.Opened(target.Backend.Id, target.Backend.Name, openUntil, health.Now));
            }

            return;
        }

        health.ReportSuccess(target.Backend.Id);
        if (outcome.Result == AttemptResult.Throttled)
        {
            health.ReportThrottled(target.DeploymentId, outcome.RetryAfter);
        }
    }
}
