namespace AiGateway.Shared.Model;

/// <summary>
/// That one threshold of one budget was reached in one period and its notice was sent. The row is the claim to send
/// it: it is unique per policy, budget, period and threshold, so of the replicas that see the threshold pass, the one
/// whose insert succeeds sends the notice and the others stand back; a new period starts with none.
/// </summary>
public sealed class BudgetNotice
{
    public long Id { get; set; }
    public Guid PolicyId { get; set; }
    public BudgetMeasure Measure { get; set; }
    public BudgetPeriod Period { get; set; }

    /// <summary>The start of the UTC day or month the spend was counted in.</summary>
    public DateTimeOffset PeriodStart { get; set; }

    /// <summary>The threshold reached, in percent of <see cref="Budget"/>.</summary>
    public int Percent { get; set; }

    /// <summary>What had been spent (currency or tokens, as <see cref="Measure"/> says) when the threshold was seen.</summary>
    public decimal Spent { get; set; }

    public decimal Budget { get; set; }
    public DateTimeOffset NotifiedAt { get; set; }
}
