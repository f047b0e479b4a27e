namespace AiGateway.Shared.Services.Chargeback;

/// <summary>The UTC days fixed costs are allocated and closed by.</summary>
public static class UtcDay
{
    public static readonly TimeSpan Length = TimeSpan.FromDays(1);

    /// <summary>Midnight UTC at the start of the day that contains <paramref name="instant"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
    }

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly DateOf(DateTimeOffset dayStart) => DateOnly.FromDateTime(dayStart.UtcDateTime);

    /// <summary>Every day that overlaps [from, to), by its start.</summary>
    public static IEnumerable<DateTimeOffset> Overlapping(DateTimeOffset from, DateTimeOffset to)
    {
        for (var day = StartOf(from); day < to; day += Length)
        {
            yield return day;
        }
    }

    /// <summary>A day's share of a monthly cost: the cost over the number of days in the day's month, to 10^-8.</summary>
    public static decimal ShareOfMonth(decimal monthlyCost, DateTimeOffset dayStart) =>
        Math.Round(monthlyCost / DateTime.DaysInMonth(dayStart.Year, dayStart.Month), FixedCostAllocation.Decimals, MidpointRounding.AwayFromZero);
}
