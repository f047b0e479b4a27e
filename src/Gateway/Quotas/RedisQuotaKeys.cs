using System.Globalization;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Key names of the Redis counters: <c>aigw:q:{team}:policy:rpm:yyyyMMddHHmm</c>, <c>...:tpm:yyyyMMddHHmm</c>,
/// <c>...:day:yyyyMMdd</c> and <c>...:month:yyyyMM</c> (tokens), <c>...:daycost:yyyyMMdd</c> and
/// <c>...:monthcost:yyyyMM</c> (cost in micro-units), times in UTC. The team id is the hash tag, so all of one
/// team's counters, and so all the counters of one request, live in one Redis Cluster slot and one script may use them.
/// </summary>
internal static class RedisQuotaKeys
{
    public const string Root = "aigw:q:";

    public static readonly TimeSpan MinuteKeyLifetime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan DayKeyLifetime = TimeSpan.FromDays(2);
    public static readonly TimeSpan MonthKeyLifetime = TimeSpan.FromDays(32);

    public static string Prefix(QuotaCounter counter) =>
        string.Create(CultureInfo.InvariantCulture, $"{Root}{{{counter.TeamId:D}}}:{counter.Limits.PolicyId:D}:");

    public static WindowSuffixes Suffixes(QuotaWindows windows)
    {
        var minute = windows.MinuteStart.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        return new WindowSuffixes(
            "rpm:" + minute,
            "tpm:" + minute,
            "day:" + windows.DayStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            "month:" + windows.MonthStart.ToString("yyyyMM", CultureInfo.InvariantCulture));
    }

    /// <summary>The last part of the cost counters' keys, made only for a call that counts cost.</summary>
    public static CostSuffixes CostSuffixesOf(QuotaWindows windows) => new(
        "daycost:" + windows.DayStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        "monthcost:" + windows.MonthStart.ToString("yyyyMM", CultureInfo.InvariantCulture));

    /// <summary>The last part of one dimension's key in one set of windows (the same names as <see cref="Suffixes"/>).</summary>
    public static string Suffix(QuotaDimension dimension, QuotaWindows windows) => dimension switch
    {
        QuotaDimension.Requests => "rpm:" + windows.MinuteStart.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
        QuotaDimension.MinuteTokens => "tpm:" + windows.MinuteStart.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
        QuotaDimension.DayTokens => "day:" + windows.DayStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        QuotaDimension.MonthTokens => "month:" + windows.MonthStart.ToString("yyyyMM", CultureInfo.InvariantCulture),
        QuotaDimension.DayCost => "daycost:" + windows.DayStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        _ => "monthcost:" + windows.MonthStart.ToString("yyyyMM", CultureInfo.InvariantCulture),
    };

    /// <summary>The last part of each counter's key in one set of windows.</summary>
    internal readonly record struct WindowSuffixes(string Requests, string MinuteTokens, string DayTokens, string MonthTokens);

    /// <summary>The last part of the cost counters' keys in one set of windows.</summary>
    internal readonly record struct CostSuffixes(string DayCost, string MonthCost);
}
