namespace AiGateway.Gateway.Quotas;

/// <summary>
/// The fixed windows an instant falls in, all aligned to UTC: its minute (requests and tokens per minute), its UTC day
/// (the daily budget) and its UTC month (the monthly budget). Every replica derives the same windows from the same
/// instant, so counters keyed by them agree without any coordination.
/// </summary>
/// <param name="At">The instant.</param>
/// <param name="Minute">Whole minutes since 0001-01-01 UTC.</param>
/// <param name="Day">Whole days since 0001-01-01 UTC.</param>
/// <param name="Month">Months since year 0: <c>year * 12 + month - 1</c>.</param>
internal readonly record struct QuotaWindows(DateTimeOffset At, long Minute, long Day, int Month)
{
    public static QuotaWindows Of(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var utc = at.UtcDateTime;
        return new QuotaWindows(at, ticks / TimeSpan.TicksPerMinute, ticks / TimeSpan.TicksPerDay, (utc.Year * 12) + utc.Month - 1);
    }

    public DateTimeOffset MinuteStart => new(Minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public DateTimeOffset MinuteEnd => new((Minute + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public DateTimeOffset DayStart => new(Day * TimeSpan.TicksPerDay, TimeSpan.Zero);

    public DateTimeOffset DayEnd => new((Day + 1) * TimeSpan.TicksPerDay, TimeSpan.Zero);

    public DateTimeOffset MonthStart => new(Month / 12, (Month % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset MonthEnd => MonthStart.AddMonths(1);

    /// <summary>How long until the window a limit of this kind counts in ends; null when waiting cannot help.</summary>
    public TimeSpan? RetryAfter(QuotaLimitKind kind) => kind switch
    {
        QuotaLimitKind.RequestsPerMinute or QuotaLimitKind.TokensPerMinute => MinuteEnd - At,
        QuotaLimitKind.DailyTokenBudget or QuotaLimitKind.DailyCostBudget => DayEnd - At,
        QuotaLimitKind.MonthlyTokenBudget or QuotaLimitKind.MonthlyCostBudget => MonthEnd - At,
        _ => null,
    };
}
