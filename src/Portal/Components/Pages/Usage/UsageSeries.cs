using AiGateway.Shared.Services.Usage;

namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>
/// Puts hourly rollups onto a time axis: hours for a period up to two days, days beyond. Steps that have begun and
/// saw no use are zeros; steps after <c>now</c> are marked <see cref="UsagePoint.InFuture"/>, so a chart of the
/// current month ends today instead of falling to zero for the days still to come.
/// </summary>
public static class UsageSeries
{
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(2);

    public static TimeSpan StepFor(ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Length <= HourlyUpTo ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
    }

    public static IReadOnlyList<UsagePoint> Build(ReportPeriod period, IEnumerable<UsageHourlyView> rows, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(rows);
        var step = StepFor(period);
        var count = (int)Math.Ceiling(period.Length / step);
        var prompt = new long[count];
        var completion = new long[count];
        var cost = new decimal[count];
        foreach (var row in rows)
        {
            var index = (int)((row.HourStart - period.From) / step);
            if (index >= 0 && index < count)
            {
                prompt[index] += row.PromptTokens;
                completion[index] += row.CompletionTokens;
                cost[index] += row.Cost;
            }
        }

        return
        [
            .. Enumerable.Range(0, count).Select(i =>
            {
                var start = period.From + (step * i);
                return new UsagePoint(start, prompt[i], completion[i], cost[i], InFuture: start > now);
            }),
        ];
    }
}
