namespace AiGateway.Shared.Model;

/// <summary>
/// A closed day's share of one deployment's fixed cost charged to one team's use of one alias, by its share of the
/// deployment's tokens that day. A deployment nobody used that day has one line with <see cref="Guid.Empty"/> team and
/// "" alias and amount 0, so the day's unallocated cost is stored too.
/// </summary>
public sealed class FixedCostAllocationLine
{
    public long Id { get; set; }
    public Guid ClosedPeriodId { get; set; }
    public ClosedPeriod? ClosedPeriod { get; set; }
    public DateTimeOffset DayStart { get; set; }
    public Guid DeploymentId { get; set; }
    public Guid TeamId { get; set; }
    public string AliasName { get; set; } = "";

    /// <summary>Prompt and completion tokens the team used on the deployment through the alias that day.</summary>
    public long Tokens { get; set; }

    public decimal Amount { get; set; }

    /// <summary>The deployment's fixed cost for the whole day: its monthly fixed cost in force at the day's start over the month's days.</summary>
    public decimal DailyFixedCost { get; set; }
}
