using AiGateway.Shared.Services.Usage;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>The arithmetic of fixed costs: proration to a period, and a split that adds up to the cent (and beyond).</summary>
public static class FixedCostAllocation
{
    /// <summary>Costs are kept to this many decimals, the precision of the cost columns.</summary>
    public const int Decimals = 8;

    private static readonly decimal Unit = 1m / 100_000_000m;

    /// <summary>
    /// The part of a monthly cost that falls in <paramref name="period"/>: for each UTC calendar month the period
    /// touches, the cost times the share of that month's length the period covers.
    /// </summary>
    public static decimal Prorate(decimal monthlyCost, ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var total = 0m;
        for (var month = ReportPeriod.MonthOf(period.From); month.From < period.To; month = ReportPeriod.MonthOf(month.To))
        {
            var start = month.From > period.From ? month.From : period.From;
            var end = month.To < period.To ? month.To : period.To;
            total += monthlyCost * ((decimal)(end - start).Ticks / month.Length.Ticks);
        }

        return Math.Round(total, Decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Splits <paramref name="amount"/> in proportion to <paramref name="weights"/>, in units of 10^-8, so the parts
    /// add up exactly to the amount (largest remainder: the units lost to rounding go to the largest fractions, ties
    /// to the earlier weight). All zeros when the weights sum to zero.
    /// </summary>
    public static decimal[] Allocate(decimal amount, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var parts = new decimal[weights.Count];
        var totalWeight = weights.Sum(w => (decimal)w);
        if (totalWeight <= 0)
        {
            return parts;
        }

        amount = Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);
        var remainders = new decimal[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = amount * (weights[i] / totalWeight);
            parts[i] = Math.Round(exact, Decimals, MidpointRounding.ToZero);
            remainders[i] = exact - parts[i];
        }

        var missingUnits = (long)((amount - parts.Sum()) / Unit);
        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)Math.Max(0, missingUnits)))
        {
            parts[i] += Unit;
        }

        return parts;
    }
}
