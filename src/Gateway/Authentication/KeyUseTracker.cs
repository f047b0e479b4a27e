using System.Collections.Concurrent;

namespace AiGateway.Gateway.Authentication;

/// <summary>
/// Remembers, in memory, the latest minute each client key was used in, so that <see cref="KeyUseWriter"/> can store
/// "last used" for every key in one batched update a minute instead of one database write per request.
/// </summary>
/// <remarks>
/// The request path pays one lock-free dictionary read per request; only a key's first use in a minute writes
/// anything. Times are kept to the minute: that is all "last used" promises, and it lets the writer give every key
/// used in the same minute the same value, in one statement.
/// </remarks>
public sealed class KeyUseTracker
{
    // The minute each key was last noted in; lets the rest of that minute's requests stop at one read.
    private readonly ConcurrentDictionary<Guid, long> _noted = new();

    // Noted minutes not yet written; an entry leaves only when the writer stored that very minute.
    private readonly ConcurrentDictionary<Guid, long> _pending = new();

    /// <summary>Notes that the key was used at <paramref name="now"/>.</summary>
    public void Record(Guid keyId, DateTimeOffset now)
    {
        var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        if (_noted.TryGetValue(keyId, out var noted) && noted >= minute)
        {
            return;
        }

        // Two requests racing here in the same minute write the same values; a stale minute that wins the race on
        // _noted only costs the next request this path again.
        _noted[keyId] = minute;
        _pending.AddOrUpdate(keyId, static (_, used) => used, static (_, pending, used) => Math.Max(pending, used), minute);
    }

    /// <summary>Whether some use is waiting to be written.</summary>
    public bool HasPending => !_pending.IsEmpty;

    /// <summary>The uses not yet written: each key once, at the start of the latest minute it was used in.</summary>
    public IReadOnlyList<KeyUse> Pending() =>
        [.. _pending.Select(p => new KeyUse(p.Key, new DateTimeOffset(p.Value * TimeSpan.TicksPerMinute, TimeSpan.Zero)))];

    /// <summary>
    /// Forgets uses that are now stored; a key used again in a later minute since <see cref="Pending"/> was read
    /// stays pending. Also drops the dedupe entries of minutes gone by, so memory follows the keys in use, not every
    /// key ever seen.
    /// </summary>
    public void Written(IEnumerable<KeyUse> uses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(uses);
        foreach (var use in uses)
        {
            _pending.TryRemove(new KeyValuePair<Guid, long>(use.KeyId, use.At.UtcTicks / TimeSpan.TicksPerMinute));
        }

        var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        foreach (var noted in _noted)
        {
            if (noted.Value < minute)
            {
                _noted.TryRemove(noted);
            }
        }
    }
}
