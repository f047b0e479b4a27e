using System.Globalization;
using AiGateway.Gateway.Metering;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// What one side of a rollout did in one phase: attempts, 5xx, backend 429s, content-filtered answers, and latency and
/// time-to-first-token histograms in the live counters' buckets. Every attempt counts, including those a client never
/// saw because the gateway retried elsewhere, so a failing green shows even when its clients were served by blue.
/// </summary>
public sealed record RolloutSideFigures(RolloutSide Side, long Requests, long Errors, long Throttled, long ContentFiltered, long[] Latency, long[] FirstToken)
{
    public static RolloutSideFigures Empty(RolloutSide side) =>
        new(side, 0, 0, 0, 0, new long[LiveTrafficLatency.BucketCount], new long[LiveTrafficLatency.BucketCount]);

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
    public double ThrottleRate => Requests == 0 ? 0 : (double)Throttled / Requests;
    public double ContentFilterRate => Requests == 0 ? 0 : (double)ContentFiltered / Requests;
    public double? P95LatencyMs => LiveTrafficLatency.Percentile(Latency, 0.95);
    public double? P95FirstTokenMs => LiveTrafficLatency.Percentile(FirstToken, 0.95);
    public long LatencySamples => Latency.Sum();
    public long FirstTokenSamples => FirstToken.Sum();

    public RolloutSideFigures Add(RolloutSideFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new RolloutSideFigures(
            Side,
            Requests + other.Requests,
            Errors + other.Errors,
            Throttled + other.Throttled,
            ContentFiltered + other.ContentFiltered,
            Sum(Latency, other.Latency),
            Sum(FirstToken, other.FirstToken));
    }

    public static string FormatHistogram(long[] counts) =>
        string.Join(',', (counts ?? []).Select(c => c.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads a stored histogram; a malformed or differently sized one counts as empty rather than failing the judgement.</summary>
    public static long[] ParseHistogram(string? text)
    {
        var counts = new long[LiveTrafficLatency.BucketCount];
        if (string.IsNullOrEmpty(text))
        {
            return counts;
        }

        var parts = text.Split(',');
        if (parts.Length != counts.Length)
        {
            return counts;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            counts[i] = long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return counts;
    }

    private static long[] Sum(long[] a, long[] b)
    {
        var sum = new long[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = (i < a.Length ? a[i] : 0) + (i < b.Length ? b[i] : 0);
        }

        return sum;
    }
}
