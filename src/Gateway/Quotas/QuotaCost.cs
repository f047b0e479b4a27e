using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// A request's cost as the cost budgets count it, in micro-units (see <see cref="QuotaAmount"/>): estimated before it
/// is forwarded, and the real one once it has been answered.
/// </summary>
internal static class QuotaCost
{
    private const decimal MicrosPerUnit = 1_000_000m;

    /// <summary>
    /// The most the request may cost: its token estimate at the highest per-1K price of any deployment the alias may
    /// send it to. Conservative on purpose: it refuses the request that could pass the budget rather than admit it
    /// and find out after.
    /// </summary>
    public static long EstimateMicros(AliasEntry alias, long estimatedTokens, DateTimeOffset at) =>
        ToMicrosRoundedUp(estimatedTokens * HighestPricePer1K(alias, at) / 1000m);

    public static long ToMicros(decimal amount) => (long)Math.Round(amount * MicrosPerUnit, MidpointRounding.AwayFromZero);

    public static long? ToMicros(decimal? amount) => amount is { } value ? ToMicros(value) : null;

    public static decimal ToCurrency(long micros) => micros / MicrosPerUnit;

    private static long ToMicrosRoundedUp(decimal amount) => (long)Math.Ceiling(amount * MicrosPerUnit);

    /// <summary>The highest per-1K rate in force at <paramref name="at"/> over the alias's targets, green's too during a rollout.</summary>
    private static decimal HighestPricePer1K(AliasEntry alias, DateTimeOffset at)
    {
        var highest = Highest(alias.Targets, at, 0m);
        return alias.Rollout is { } rollout ? Highest(rollout.Green.Targets, at, highest) : highest;

        static decimal Highest(System.Collections.Immutable.ImmutableArray<AliasTargetEntry> targets, DateTimeOffset at, decimal highest)
        {
            foreach (var target in targets)
            {
                highest = Math.Max(highest, target.Pricing.HighestPer1KAt(at));
            }

            return highest;
        }
    }
}
