using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// Reads backend health for the observable gauges, when a metrics reader collects (never on the request path): one
/// reading per backend and per deployment of the current configuration snapshot, 1 while it is out of rotation and 0
/// otherwise. Zeros are reported too, so a circuit that closed or a rest that ended shows as 0 at once rather than
/// as the last 1 an exporter remembers.
/// </summary>
public sealed class BackendHealthReadings(BackendHealthTracker health, GatewaySnapshotStore snapshots)
{
    /// <summary><c>aigw.backend.circuit_open</c>: each backend, 1 while its circuit lets nothing but a probe through.</summary>
    public IEnumerable<Measurement<int>> CircuitOpen()
    {
        var backends = snapshots.Current.Backends;
        var readings = new List<Measurement<int>>(backends.Count);
        foreach (var backend in backends.Values)
        {
            readings.Add(new Measurement<int>(
                health.CircuitOpenUntil(backend.Id) is null ? 0 : 1,
                new KeyValuePair<string, object?>(MetricAttributes.Backend, backend.Name)));
        }

        return readings;
    }

    /// <summary><c>aigw.deployment.resting</c>: each deployment an alias routes to, 1 while it rests after a 429.</summary>
    public IEnumerable<Measurement<int>> Resting()
    {
        var seen = new HashSet<Guid>();
        var readings = new List<Measurement<int>>();
        foreach (var alias in snapshots.Current.Aliases.Values)
        {
            Read(alias.Targets, seen, readings);
            if (alias.Rollout is { } rollout)
            {
                // Green's deployment is in the alias only as green's side sees it.
                Read(rollout.Green.Targets, seen, readings);
            }
        }

        return readings;
    }

    private void Read(ImmutableArray<AliasTargetEntry> targets, HashSet<Guid> seen, List<Measurement<int>> readings)
    {
        if (targets.IsDefault)
        {
            return;
        }

        foreach (var target in targets)
        {
            if (seen.Add(target.DeploymentId))
            {
                readings.Add(new Measurement<int>(
                    health.ThrottledUntil(target.DeploymentId) is null ? 0 : 1,
                    new KeyValuePair<string, object?>(MetricAttributes.Deployment, target.DeploymentName),
                    new KeyValuePair<string, object?>(MetricAttributes.Backend, target.Backend.Name)));
            }
        }
    }
}
