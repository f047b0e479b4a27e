using System.Collections.Concurrent;

namespace AiGateway.Gateway.Capacity;

/// <summary>One <see cref="CapacityQueue"/> per alias, all woken when the tracker says capacity may have freed.</summary>
public sealed class CapacityQueues
{
    private readonly ConcurrentDictionary<string, CapacityQueue> _queues = new(StringComparer.Ordinal);
    private readonly CapacityTracker _tracker;
    private readonly TimeProvider _clock;

    public CapacityQueues(CapacityTracker tracker, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        _tracker = tracker;
        _clock = clock;
        tracker.Freed += PumpAll;
    }

    /// <summary>Requests waiting now, every alias and class.</summary>
    public int Waiting
    {
        get
        {
            var total = 0;
            foreach (var queue in _queues.Values)
            {
                total += queue.Count;
            }

            return total;
        }
    }

    public CapacityQueue For(string alias) =>
        _queues.TryGetValue(alias, out var queue) ? queue : _queues.GetOrAdd(alias, name => new CapacityQueue(name, _tracker, _clock));

    /// <summary>Every alias's figures that has had a queue, by alias then class (Normal before Low).</summary>
    public IReadOnlyList<CapacityQueueFigures> Figures() =>
        [.. _queues.Values.OrderBy(q => q.Alias, StringComparer.Ordinal).SelectMany(q => q.Figures())];

    private void PumpAll()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Pump();
        }
    }
}
