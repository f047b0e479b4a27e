using System.Collections.Frozen;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Pricing;

/// <summary>
/// A deployment's price table as an immutable schedule: per service tier, its versions sorted by the time they take
/// effect. Built once per configuration snapshot, so pricing a request is a lookup, not a query.
/// </summary>
public sealed class DeploymentPricing
{
    public static DeploymentPricing Empty { get; } = new(FrozenDictionary<string, Schedule>.Empty);

    private readonly FrozenDictionary<string, Schedule> _tiers;

    private DeploymentPricing(FrozenDictionary<string, Schedule> tiers) => _tiers = tiers;

    public static DeploymentPricing From(IEnumerable<DeploymentPrice> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var tiers = versions
            .GroupBy(v => v.ServiceTier, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => new Schedule(g.OrderBy(v => v.EffectiveFrom).ToArray()), StringComparer.Ordinal);
        return tiers.Count == 0 ? Empty : new DeploymentPricing(tiers);
    }

    /// <summary>
    /// The prices in force at <paramref name="at"/> for an answer in <paramref name="serviceTier"/>: that tier's version
    /// then, else the default tier's, else <see cref="TokenPrices.Zero"/>.
    /// </summary>
    public TokenPrices At(DateTimeOffset at, string? serviceTier)
    {
        var tier = ServiceTiers.PricedAs(serviceTier);
        if (tier != ServiceTiers.Default && _tiers.TryGetValue(tier, out var own) && own.At(at) is { } prices)
        {
            return prices;
        }

        return _tiers.TryGetValue(ServiceTiers.Default, out var standard) ? standard.At(at) ?? TokenPrices.Zero : TokenPrices.Zero;
    }

    /// <summary>The highest per-1K rate of any tier and token type in force at <paramref name="at"/>; 0 without prices.</summary>
    public decimal HighestPer1KAt(DateTimeOffset at)
    {
        var highest = 0m;
        foreach (var schedule in _tiers.Values)
        {
            if (schedule.At(at) is { } prices)
            {
                highest = Math.Max(highest, prices.HighestPer1K);
            }
        }

        return highest;
    }

    private sealed class Schedule
    {
        private readonly DateTimeOffset[] _from;
        private readonly TokenPrices[] _prices;

        public Schedule(DeploymentPrice[] sorted)
        {
            _from = Array.ConvertAll(sorted, v => v.EffectiveFrom);
            _prices = Array.ConvertAll(sorted, TokenPrices.From);
        }

        /// <summary>The last version that took effect at or before <paramref name="at"/>; null before the first.</summary>
        public TokenPrices? At(DateTimeOffset at)
        {
            var index = Array.BinarySearch(_from, at);
            // Not found: the complement is the first later version, so the one in force is just before it.
            var inForce = index >= 0 ? index : ~index - 1;
            return inForce >= 0 ? _prices[inForce] : null;
        }
    }
}
