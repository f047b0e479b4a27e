namespace AiGateway.Gateway.Capacity;

/// <summary>
/// The fixed one-minute windows capacity is counted in: minute <c>n</c> runs from <c>n × 60 s</c> after the Unix epoch,
/// the same on every replica, so shared counters in Redis and each replica's own agree on when a window turns.
/// </summary>
public static class CapacityMinute
{
    private const long MillisecondsPerMinute = 60_000;

    public static long Of(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / MillisecondsPerMinute;

    /// <summary>How long until the window after <paramref name="at"/>'s begins; never zero, so a timer always moves on.</summary>
    public static TimeSpan UntilNext(DateTimeOffset at)
    {
        var ms = MillisecondsPerMinute - (at.ToUnixTimeMilliseconds() % MillisecondsPerMinute);
        return TimeSpan.FromMilliseconds(Math.Max(1, ms));
    }
}
