using AiGateway.Gateway.Configuration;
using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

/// <summary>What each <see cref="QuotaDimension"/> counts, in which window, and how a refusal by it is named.</summary>
internal static class QuotaDimensions
{
    public const int Count = 6;

    private static readonly RedisValue MinuteKeyLifetime = (long)RedisQuotaKeys.MinuteKeyLifetime.TotalMilliseconds;
    private static readonly RedisValue DayKeyLifetime = (long)RedisQuotaKeys.DayKeyLifetime.TotalMilliseconds;
    private static readonly RedisValue MonthKeyLifetime = (long)RedisQuotaKeys.MonthKeyLifetime.TotalMilliseconds;

    /// <summary>The policy's limit on this dimension; null when it sets none (the dimension is then not counted).</summary>
    public static long? Limit(QuotaLimits limits, QuotaDimension dimension) => dimension switch
    {
        QuotaDimension.Requests => limits.RequestsPerMinute,
        QuotaDimension.MinuteTokens => limits.TokensPerMinute,
        QuotaDimension.DayTokens => limits.DailyTokenBudget,
        QuotaDimension.MonthTokens => limits.MonthlyTokenBudget,
        QuotaDimension.DayCost => limits.DailyCostBudgetMicros,
        _ => limits.MonthlyCostBudgetMicros,
    };

    /// <summary>What one request with this estimate takes from the dimension.</summary>
    public static long Need(QuotaAmount amount, QuotaDimension dimension) => dimension switch
    {
        QuotaDimension.Requests => 1,
        QuotaDimension.MinuteTokens or QuotaDimension.DayTokens or QuotaDimension.MonthTokens => amount.Tokens,
        _ => amount.CostMicros,
    };

    /// <summary>The number of the window the dimension counts in at <paramref name="windows"/>' instant.</summary>
    public static long Window(QuotaWindows windows, QuotaDimension dimension) => dimension switch
    {
        QuotaDimension.Requests or QuotaDimension.MinuteTokens => windows.Minute,
        QuotaDimension.DayTokens or QuotaDimension.DayCost => windows.Day,
        _ => windows.Month,
    };

    /// <summary>
    /// Whether quota left in an ended window is worth giving back: a minute's key expires two minutes later and is
    /// read by nobody after its minute, while day and month counters stay readable for their lifetime.
    /// </summary>
    public static bool OutlivesItsWindow(QuotaDimension dimension) =>
        dimension is not (QuotaDimension.Requests or QuotaDimension.MinuteTokens);

    public static RedisValue KeyLifetime(QuotaDimension dimension) => dimension switch
    {
        QuotaDimension.Requests or QuotaDimension.MinuteTokens => MinuteKeyLifetime,
        QuotaDimension.DayTokens or QuotaDimension.DayCost => DayKeyLifetime,
        _ => MonthKeyLifetime,
    };

    /// <summary>The refusal a full dimension gives.</summary>
    public static QuotaLimitKind Refusal(QuotaDimension dimension) => dimension switch
    {
        QuotaDimension.Requests => QuotaLimitKind.RequestsPerMinute,
        QuotaDimension.MinuteTokens => QuotaLimitKind.TokensPerMinute,
        QuotaDimension.DayTokens => QuotaLimitKind.DailyTokenBudget,
        QuotaDimension.MonthTokens => QuotaLimitKind.MonthlyTokenBudget,
        QuotaDimension.DayCost => QuotaLimitKind.DailyCostBudget,
        _ => QuotaLimitKind.MonthlyCostBudget,
    };
}
