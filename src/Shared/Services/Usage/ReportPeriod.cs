namespace AiGateway.Shared.Services.Usage;

/// <summary>A half-open UTC period [<see cref="From"/>, <see cref="To"/>) for usage and chargeback reports.</summary>
public sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>The UTC calendar month that contains <paramref name="instant"/>.</summary>
    public static ReportPeriod MonthOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new ReportPeriod(start, start.AddMonths(1));
    }

    /// <summary>
    /// Checks a requested period: <paramref name="from"/> before <paramref name="to"/>, no longer than
    /// <paramref name="maxLength"/>. Both are converted to UTC. Errors name the field, <c>from</c> or <c>to</c>.
    /// </summary>
    public static ReportPeriod Validate(DateTimeOffset from, DateTimeOffset to, TimeSpan maxLength)
    {
        var errors = new ValidationErrors();
        if (from >= to)
        {
            errors.Add("to", "'to' must be after 'from'.");
        }
        else if (to - from > maxLength)
        {
            errors.Add("to", $"The period may span at most {maxLength.TotalDays:0.##} days.");
        }

        errors.ThrowIfAny();
        return new ReportPeriod(from.ToUniversalTime(), to.ToUniversalTime());
    }
}
