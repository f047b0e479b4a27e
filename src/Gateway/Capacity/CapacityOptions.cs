using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.Capacity;

/// <summary>The <c>Capacity</c> section: how the latency strategy measures deployments, and how replicas share counts.</summary>
public sealed class CapacityOptions
{
    public const string SectionName = "Capacity";

    /// <summary>
    /// <c>Capacity:LatencyProbeEvery</c>: under the latency strategy, one request in this many goes to a deployment
    /// other than the fastest (in turn), so a deployment that was slow and has recovered is noticed. 0 never probes.
    /// </summary>
    [Range(0, 10_000)]
    public int LatencyProbeEvery { get; set; } = 20;

    /// <summary>
    /// <c>Capacity:LatencySmoothing</c>: the weight (0-1, exclusive of 0) of each new time-to-first-token measurement in a
    /// deployment's moving average; higher reacts faster, lower is steadier.
    /// </summary>
    [Range(0.01, 1.0)]
    public double LatencySmoothing { get; set; } = 0.2;

    /// <summary>
    /// <c>Capacity:SyncMilliseconds</c>: with Redis configured, how often each replica shares its use of each
    /// deployment's minute and reads the cluster's; 0 keeps every replica to its own count.
    /// </summary>
    [Range(0, 60_000)]
    public int SyncMilliseconds { get; set; } = 500;
}
