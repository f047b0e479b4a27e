using AiGateway.Gateway.Quotas;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

public sealed class QuotaWindowsTests
{
    [Fact]
    public void Of_InstantWithAnOffset_UsesTheUtcMinuteDayAndMonth()
    {
        // 01:30 on 1 March in UTC+2 is still 28 February in UTC.
        var windows = QuotaWindows.Of(new DateTimeOffset(2025, 3, 1, 1, 30, 15, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 23, 30, 0, TimeSpan.Zero), windows.MinuteStart);
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero), windows.DayStart);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), windows.MonthStart);
        Assert.Equal(TimeSpan.FromSeconds(45), windows.RetryAfter(QuotaLimitKind.RequestsPerMinute));
        Assert.Equal(TimeSpan.FromSeconds(45), windows.RetryAfter(QuotaLimitKind.TokensPerMinute));
        Assert.Equal(new TimeSpan(0, 29, 45), windows.RetryAfter(QuotaLimitKind.DailyTokenBudget));
        Assert.Equal(new TimeSpan(0, 29, 45), windows.RetryAfter(QuotaLimitKind.MonthlyTokenBudget));
        Assert.Null(windows.RetryAfter(QuotaLimitKind.RequestTooLarge));
    }

    [Fact]
    public void Of_LeapYearFebruary_EndsTheMonthOnTheTwentyNinth()
    {
        var windows = QuotaWindows.Of(new DateTimeOffset(2024, 2, 28, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), windows.MonthEnd);
        Assert.Equal(TimeSpan.FromHours(36), windows.RetryAfter(QuotaLimitKind.MonthlyTokenBudget));
    }

    [Fact]
    public void Of_ExactlyOnABoundary_BelongsToTheWindowThatStarts()
    {
        var windows = QuotaWindows.Of(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(windows.At, windows.MinuteStart);
        Assert.Equal(windows.At, windows.DayStart);
        Assert.Equal(windows.At, windows.MonthStart);
        Assert.Equal(TimeSpan.FromMinutes(1), windows.RetryAfter(QuotaLimitKind.RequestsPerMinute));
        Assert.Equal(TimeSpan.FromDays(30), windows.RetryAfter(QuotaLimitKind.MonthlyTokenBudget));
    }

    [Fact]
    public void RedisKeys_Counter_NameTheTeamAsHashTagAndTheWindowsInUtc()
    {
        var team = Guid.Parse("6f1c1f5e-8f6a-4a53-9d43-5f1d9b1f0a01");
        var counter = new QuotaCounter(team, Policy(rpm: 1) with { PolicyId = Guid.Parse("0b3c6a8e-1d2f-4e5a-8b7c-9d0e1f2a3b4c") });

        var prefix = RedisQuotaKeys.Prefix(counter);
        var suffixes = RedisQuotaKeys.Suffixes(QuotaWindows.Of(new DateTimeOffset(2025, 3, 1, 1, 30, 15, TimeSpan.FromHours(2))));

        Assert.Equal("aigw:q:{6f1c1f5e-8f6a-4a53-9d43-5f1d9b1f0a01}:0b3c6a8e-1d2f-4e5a-8b7c-9d0e1f2a3b4c:", prefix);
        Assert.Equal("rpm:202502282330", suffixes.Requests);
        Assert.Equal("tpm:202502282330", suffixes.MinuteTokens);
        Assert.Equal("day:20250228", suffixes.DayTokens);
        Assert.Equal("month:202502", suffixes.MonthTokens);
    }
}
