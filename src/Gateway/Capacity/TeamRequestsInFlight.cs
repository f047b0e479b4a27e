using System.Collections.Concurrent;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// How many requests of each team this replica is serving now, from admission until the last byte of the answer
/// (streams included). Per replica by design: a cluster-wide count would cost a shared-store round trip at the start
/// and the end of every request and would leak slots when a replica dies mid-stream.
/// </summary>
public sealed class TeamRequestsInFlight
{
    private readonly ConcurrentDictionary<Guid, Counter> _teams = new();

    /// <summary>Takes a slot when the team has fewer than <paramref name="limit"/> requests in flight; every taken slot is given back with <see cref="Exit"/>.</summary>
    public bool TryEnter(Guid teamId, int limit)
    {
        var counter = _teams.GetOrAdd(teamId, static _ => new Counter());
        if (Interlocked.Increment(ref counter.Value) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref counter.Value);
        return false;
    }

    public void Exit(Guid teamId)
    {
        if (_teams.TryGetValue(teamId, out var counter))
        {
            Interlocked.Decrement(ref counter.Value);
        }
    }

    /// <summary>The team's requests in flight on this replica now.</summary>
    public int Current(Guid teamId) => _teams.TryGetValue(teamId, out var counter) ? Volatile.Read(ref counter.Value) : 0;

    private sealed class Counter
    {
        public int Value;
    }
}
