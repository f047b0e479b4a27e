namespace AiGateway.Gateway.Quotas;

/// <summary>
/// A replica's block of one Redis counter in one window: quota already counted as used in Redis, which this replica
/// admits requests from without asking Redis. Read and changed only under its team's lock (<see cref="TeamLeases"/>).
/// </summary>
internal sealed class QuotaLease
{
    /// <summary>The window (see <see cref="QuotaDimensions.Window"/>) <see cref="Available"/> belongs to.</summary>
    public long Window { get; private set; } = long.MinValue;

    /// <summary>The Redis key of <see cref="Window"/>, where a remainder is given back.</summary>
    public string? Key { get; private set; }

    /// <summary>The limit the block was taken under: a block taken under another limit is given back, not used.</summary>
    public long Limit { get; set; } = -1;

    /// <summary>What is left of the block, to admit from.</summary>
    public long Available { get; set; }

    /// <summary>What Redis had left outside every block when last asked in this window; -1 when not asked yet.</summary>
    public long KnownRemaining { get; private set; } = -1;

    /// <summary>The trip (<see cref="TeamLeases.NextTrip"/>) <see cref="KnownRemaining"/> came from.</summary>
    private long _knownAsOf;

    /// <summary>The block last asked for: the base the next one grows (at most twice) or shrinks from.</summary>
    public long Size { get; set; }

    /// <summary>When Redis was last asked, and what this replica has used of the dimension since: its recent rate.</summary>
    public long AskedAtTicks { get; set; }

    public long UsedSinceAsked { get; set; }

    /// <summary>
    /// Moves the lease to a later <paramref name="window"/> whose counter is <paramref name="key"/>; returns the
    /// remainder left in the ended window (whose key is then <paramref name="endedKey"/>), no longer Available.
    /// </summary>
    public long MoveTo(long window, string key, out string? endedKey)
    {
        endedKey = Key;
        var left = Available;
        Window = window;
        Key = key;
        Available = 0;
        KnownRemaining = -1;
        return left;
    }

    /// <summary>
    /// Notes what Redis said was left, unless a later trip of this replica already said: replies to concurrent trips
    /// can be handled out of order, and the latest word is the truest.
    /// </summary>
    public void Learn(long remaining, long trip)
    {
        if (trip > _knownAsOf)
        {
            _knownAsOf = trip;
            KnownRemaining = remaining;
        }
    }

    /// <summary>Gives the block's remainder up (it is being given back to Redis); returns how much that was.</summary>
    public long TakeAll()
    {
        var left = Available;
        Available = 0;
        return left;
    }

    /// <summary>What this replica believes is left in the window for everyone, its own block included.</summary>
    public long Headroom => Math.Max(KnownRemaining, 0) + Available;
}
