using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// The latency strategy: of a tier's usable deployments, the one with the lowest moving average of time to first
/// token; one not measured yet counts as fastest so it gets measured. One request in <c>Capacity:LatencyProbeEvery</c>
/// goes to the slowest instead, so a deployment that was slow and has recovered is measured again and wins traffic back.
/// Ties go to the higher weight, then to the target listed first.
/// </summary>
public sealed class LatencyStrategy(DeploymentLatencies latencies, IOptionsMonitor<CapacityOptions> options)
{
    private long _requests;

    /// <summary>Whether this choice re-measures (picks the slowest); decided once per choice.</summary>
    public bool NextIsProbe()
    {
        var every = options.CurrentValue.LatencyProbeEvery;
        return every > 0 && Interlocked.Increment(ref _requests) % every == 0;
    }

    public double Score(AliasTargetEntry target) => latencies.AverageMs(target.DeploymentId) ?? 0;

    public static bool IsBetter(AliasTargetEntry candidate, double averageMs, AliasTargetEntry? best, double bestAverageMs, bool probe) =>
        best is null
        || (probe ? averageMs > bestAverageMs : averageMs < bestAverageMs)
        || (averageMs == bestAverageMs && candidate.Weight > best.Weight);
}
