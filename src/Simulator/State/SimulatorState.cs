using System.Collections.Frozen;
using AiGateway.Simulator.Options;
using Microsoft.Extensions.Options;

namespace AiGateway.Simulator.State;

/// <summary>
/// All deployments and the global settings. Lookups read one immutable snapshot; the control endpoints build
/// a new snapshot and swap the reference, so requests never see half an update.
/// </summary>
internal sealed class SimulatorState
{
    private readonly TimeProvider _time;
    private readonly Lock _writeGate = new();
    private volatile Snapshot _snapshot;

    public SimulatorState(IOptions<SimulatorOptions> options, TimeProvider time)
    {
        _time = time;
        var o = options.Value;
        var now = time.GetUtcNow();
        var deployments = o.Deployments.ToDictionary(
            d => d.Key,
            d => new DeploymentRuntime(d.Key, DeploymentSettings.From(d.Value, now), o.Seed, time),
            StringComparer.OrdinalIgnoreCase);
        _snapshot = new Snapshot(new GlobalSettings(o.Seed, o.DefaultCompletionTokens), Freeze(deployments));
    }

    public GlobalSettings Global => _snapshot.Global;

    public IReadOnlyDictionary<string, DeploymentRuntime> Deployments => _snapshot.Deployments;

    /// <summary>Requests refused before a deployment was known (bad key, unknown deployment, unparsable body).</summary>
    public DeploymentStats Unrouted { get; } = new();

    /// <summary>
    /// Finds a deployment by name; failing that, by model name, since OpenAI-shaped clients (<c>/v1</c>)
    /// put a model name in <c>model</c>.
    /// </summary>
    public DeploymentRuntime? Find(string name)
    {
        var deployments = _snapshot.Deployments;
        if (deployments.TryGetValue(name, out var runtime))
        {
            return runtime;
        }

        foreach (var candidate in deployments.Values)
        {
            var settings = candidate.Settings;
            if (string.Equals(settings.Model, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(settings.ResponseModel, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Applies a validated change: new global settings, changed or new deployments, removed ones.</summary>
    public void Apply(GlobalSettings global, IReadOnlyDictionary<string, DeploymentSettings?> changes)
    {
        lock (_writeGate)
        {
            var current = _snapshot;
            var deployments = current.Deployments.ToDictionary(d => d.Key, d => d.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, settings) in changes)
            {
                if (settings is null)
                {
                    deployments.Remove(name);
                }
                else if (deployments.TryGetValue(name, out var existing))
                {
                    existing.Update(settings);
                }
                else
                {
                    deployments[name] = new DeploymentRuntime(name, settings, global.Seed, _time);
                }
            }

            if (global.Seed != current.Global.Seed)
            {
                foreach (var runtime in deployments.Values)
                {
                    runtime.Faults.Reseed(global.Seed);
                }
            }

            _snapshot = new Snapshot(global, Freeze(deployments));
        }
    }

    /// <summary>Clears windows and counters and restarts every fault sequence from its seed.</summary>
    public void Reset()
    {
        lock (_writeGate)
        {
            var snapshot = _snapshot;
            foreach (var runtime in snapshot.Deployments.Values)
            {
                runtime.Limiter.Clear();
                runtime.Stats.Clear();
                runtime.Faults.Reseed(snapshot.Global.Seed);
            }

            Unrouted.Clear();
        }
    }

    private static FrozenDictionary<string, DeploymentRuntime> Freeze(Dictionary<string, DeploymentRuntime> deployments) =>
        deployments.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private sealed record Snapshot(GlobalSettings Global, FrozenDictionary<string, DeploymentRuntime> Deployments);
}
