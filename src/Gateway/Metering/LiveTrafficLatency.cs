namespace AiGateway.Gateway.Metering;

/// <summary>
/// The fixed latency histogram behind the live percentiles: bucket bounds roughly a quarter to a half apart, so a
/// percentile is known to that resolution, and recording one request is an increment in an array.
/// </summary>
public static class LiveTrafficLatency
{
    /// <summary>Inclusive upper bounds in milliseconds; one more bucket holds everything slower.</summary>
    public static readonly int[] UpperBoundsMs =
    [
        5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1_000, 1_250, 1_500, 2_000, 2_500, 3_000,
        4_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000,
    ];

    public static int BucketCount => UpperBoundsMs.Length + 1;

    public static int BucketOf(int latencyMs)
    {
        var index = Array.BinarySearch(UpperBoundsMs, latencyMs);
        return index >= 0 ? index : ~index;
    }

    /// <summary>
    /// The latency at or below which <paramref name="quantile"/> of the requests finished, as the upper bound of the
    /// bucket that holds that rank (an upper estimate); null when there are no requests. The overflow bucket reports
    /// the largest bound.
    /// </summary>
    public static double? Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperBoundsMs[Math.Min(i, UpperBoundsMs.Length - 1)];
            }
        }

        return UpperBoundsMs[^1];
    }
}
