using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Quotas;

/// <summary>The arithmetic every quota store applies the same way, so the in-process and Redis stores agree.</summary>
internal static class QuotaRules
{
    /// <summary>
    /// Whether an earlier counter in the list is the same team's same policy. Counters are per policy (per team), so a
    /// policy that reaches a request by two routes (say, the team's and the key's) still counts that request once.
    /// </summary>
    public static bool IsRepeat(IReadOnlyList<QuotaCounter> counters, int index)
    {
        var counter = counters[index];
        for (var i = 0; i < index; i++)
        {
            var earlier = counters[i];
            if (earlier.TeamId == counter.TeamId && earlier.Limits.PolicyId == counter.Limits.PolicyId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the counter at <paramref name="index"/> has anything to count: not a repeat, and some limit set.</summary>
    public static bool Counts(IReadOnlyList<QuotaCounter> counters, int index) =>
        HasAnyLimit(counters[index].Limits) && !IsRepeat(counters, index);

    public static bool HasMinuteLimit(QuotaLimits limits) =>
        limits.RequestsPerMinute is not null || limits.TokensPerMinute is not null;

    public static bool HasAnyLimit(QuotaLimits limits) =>
        HasMinuteLimit(limits) || HasDayLimit(limits) || HasMonthLimit(limits);

    public static bool HasDayLimit(QuotaLimits limits) =>
        limits.DailyTokenBudget is not null || limits.DailyCostBudgetMicros is not null;

    public static bool HasMonthLimit(QuotaLimits limits) =>
        limits.MonthlyTokenBudget is not null || limits.MonthlyCostBudgetMicros is not null;

    public static bool HasCostBudget(QuotaLimits limits) =>
        limits.DailyCostBudgetMicros is not null || limits.MonthlyCostBudgetMicros is not null;

    /// <summary>Whether any of the counters has a cost budget: only then is a request's cost estimated and counted.</summary>
    public static bool AnyCostBudget(IReadOnlyList<QuotaCounter> counters)
    {
        for (var i = 0; i < counters.Count; i++)
        {
            if (HasCostBudget(counters[i].Limits))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the tokens alone are more than a token limit allows: no wait can admit them.</summary>
    public static bool TooLarge(QuotaLimits limits, long tokens) =>
        tokens > limits.TokensPerMinute || tokens > limits.DailyTokenBudget || tokens > limits.MonthlyTokenBudget;

    /// <summary>
    /// The order refusals are checked in, lowest first: a request too large for a limit is reported before any limit
    /// that waiting would free, and among those the shortest window first (in a window, tokens before cost).
    /// </summary>
    public static int CheckOrder(QuotaLimitKind kind) => kind switch
    {
        QuotaLimitKind.RequestTooLarge => 0,
        QuotaLimitKind.RequestsPerMinute => 1,
        QuotaLimitKind.TokensPerMinute => 2,
        QuotaLimitKind.DailyTokenBudget => 3,
        QuotaLimitKind.DailyCostBudget => 4,
        QuotaLimitKind.MonthlyTokenBudget => 5,
        _ => 6,
    };
}
