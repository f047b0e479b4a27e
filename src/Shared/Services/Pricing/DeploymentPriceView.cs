using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Pricing;

/// <summary>One version of a deployment's price table, and where it stands now.</summary>
public sealed record DeploymentPriceView(
    Guid Id,
    Guid DeploymentId,
    string ServiceTier,
    DateTimeOffset EffectiveFrom,
    decimal InputPer1K,
    decimal? CachedInputPer1K,
    decimal OutputPer1K,
    decimal? ReasoningPer1K,
    decimal? AudioInputPer1K,
    decimal? AudioOutputPer1K,
    decimal? MonthlyFixedCost,
    PriceVersionState State,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The table at <paramref name="now"/>: tiers in <see cref="ServiceTiers.All"/> order, each tier's versions newest
    /// first, each marked scheduled, in force or superseded.
    /// </summary>
    public static List<DeploymentPriceView> Table(IEnumerable<DeploymentPrice> prices, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var table = new List<DeploymentPriceView>();
        foreach (var tier in prices.GroupBy(p => p.ServiceTier, StringComparer.Ordinal).OrderBy(g => TierOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var inForceSeen = false;
            foreach (var p in tier.OrderByDescending(p => p.EffectiveFrom))
            {
                var state = p.EffectiveFrom > now ? PriceVersionState.Scheduled
                    : inForceSeen ? PriceVersionState.Superseded
                    : PriceVersionState.InForce;
                inForceSeen |= state == PriceVersionState.InForce;
                table.Add(new(
                    p.Id, p.DeploymentId, p.ServiceTier, p.EffectiveFrom, p.InputPer1K, p.CachedInputPer1K, p.OutputPer1K, p.ReasoningPer1K,
                    p.AudioInputPer1K, p.AudioOutputPer1K, p.MonthlyFixedCost, state, p.CreatedAt));
            }
        }

        return table;
    }

    private static int TierOrder(string tier)
    {
        for (var i = 0; i < ServiceTiers.All.Count; i++)
        {
            if (string.Equals(ServiceTiers.All[i], tier, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
