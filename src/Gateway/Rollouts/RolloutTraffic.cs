using System.Collections.Concurrent;
using AiGateway.Gateway.Metering;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// This replica's running totals per rollout, phase and side, in memory: recording an attempt is a few increments
/// under a small lock. The rollout driver publishes them to the database so the replica that drives a rollout can
/// judge every replica's traffic, and forgets phases that have ended.
/// </summary>
public sealed class RolloutTraffic
{
    private readonly ConcurrentDictionary<RolloutPhaseKey, Counters> _counters = new();

    /// <param name="latencyMs">Time to the end of a successful answer; null for failures, whose speed says nothing.</param>
    /// <param name="firstTokenMs">Time to the first byte of a streamed answer; null otherwise.</param>
    public void Record(Guid rolloutId, int phase, RolloutSide side, int status, bool contentFiltered, int? latencyMs, int? firstTokenMs)
    {
        var counters = _counters.GetOrAdd(new RolloutPhaseKey(rolloutId, phase, side), static _ => new Counters());
        lock (counters)
        {
            counters.Requests++;
            counters.Errors += status >= 500 ? 1 : 0;
            counters.Throttled += status == 429 ? 1 : 0;
            counters.ContentFiltered += contentFiltered ? 1 : 0;
            if (latencyMs is { } latency)
            {
                counters.Latency[LiveTrafficLatency.BucketOf(latency)]++;
            }

            if (firstTokenMs is { } first)
            {
                counters.FirstToken[LiveTrafficLatency.BucketOf(first)]++;
            }
        }
    }

    /// <summary>A copy of every total this replica holds.</summary>
    public IReadOnlyList<(RolloutPhaseKey Key, RolloutSideFigures Figures)> Snapshot() =>
        [.. _counters.Select(e => (e.Key, Copy(e.Key.Side, e.Value)))];

    /// <summary>This replica's own totals for one side of one phase.</summary>
    public RolloutSideFigures Read(Guid rolloutId, int phase, RolloutSide side) =>
        _counters.TryGetValue(new RolloutPhaseKey(rolloutId, phase, side), out var counters) ? Copy(side, counters) : RolloutSideFigures.Empty(side);

    private static RolloutSideFigures Copy(RolloutSide side, Counters counters)
    {
        lock (counters)
        {
            return new RolloutSideFigures(
                side, counters.Requests, counters.Errors, counters.Throttled, counters.ContentFiltered,
                (long[])counters.Latency.Clone(), (long[])counters.FirstToken.Clone());
        }
    }

    /// <summary>Drops the totals of phases that are no longer current.</summary>
    public void Retain(IReadOnlyDictionary<Guid, int> currentPhases)
    {
        ArgumentNullException.ThrowIfNull(currentPhases);
        foreach (var key in _counters.Keys)
        {
            if (!currentPhases.TryGetValue(key.RolloutId, out var phase) || phase != key.Phase)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counters
    {
        public long Requests;
        public long Errors;
        public long Throttled;
        public long ContentFiltered;
        public readonly long[] Latency = new long[LiveTrafficLatency.BucketCount];
        public readonly long[] FirstToken = new long[LiveTrafficLatency.BucketCount];
    }
}
