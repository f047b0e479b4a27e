using System.Globalization;
using AiGateway.Shared.Services.Usage;

namespace AiGateway.Shared.Services.Spend;

/// <summary>Reads the month a spend view is for: <c>yyyy-MM</c>, or the current UTC month when absent.</summary>
public static class SpendMonth
{
    public const string Format = "yyyy-MM";

    public static ReportPeriod Parse(string? month, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(month))
        {
            return ReportPeriod.MonthOf(now);
        }

        if (!DateTime.TryParseExact(month.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) || start.Year < 2000)
        {
            throw RequestValidationException.For("month", "'month' must be a month as yyyy-MM, e.g. 2026-11.");
        }

        return ReportPeriod.MonthOf(new DateTimeOffset(start, TimeSpan.Zero));
    }

    public static string Name(ReportPeriod month) => month.From.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
