using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Metering;

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
    public static long EstimateMicros(AliasEntry alias, long estimatedTokens) =>
        ToMicrosRoundedUp(estimatedTokens * HighestPricePer1K(alias) / 1000m);

    /// <summary>What the answer cost, the same figure its usage record is billed.</summary>
    public static long ActualMicros(AliasTargetEntry target, RequestUsage usage) => ToMicros(CostOf(target, usage));

    public static long ToMicros(decimal amount) => (long)Math.Round(amount * MicrosPerUnit, MidpointRounding.AwayFromZero);

    public static long? ToMicros(decimal? amount) => amount is { } value ? ToMicros(value) : null;

    public static decimal ToCurrency(long micros) => micros / MicrosPerUnit;

    private static long ToMicrosRoundedUp(decimal amount) => (long)Math.Ceiling(amount * MicrosPerUnit);

    // MERGE: price schedule. The highest per-1K price over the alias's targets (green's too, during a rollout), from
    // the flat prices every target carries today; the versioned price table replaces these properties.
    private static decimal HighestPricePer1K(AliasEntry alias)
    {
        var highest = Highest(alias.Targets, 0m);
        return alias.Rollout is { } rollout ? Highest(rollout.Green.Targets, highest) : highest;

        static decimal Highest(System.Collections.Immutable.ImmutableArray<AliasTargetEntry> targets, decimal highest)
        {
            foreach (var target in targets)
            {
                highest = Math.Max(highest, Math.Max(target.InputPricePer1K, target.OutputPricePer1K));
            }

            return highest;
        }
    }

    // MERGE: the cost the usage record gets (UsageMeteringMiddleware), so a settled budget and the bill agree.
    private static decimal CostOf(AliasTargetEntry target, RequestUsage usage) =>
        target.CostOf(usage.PromptTokens, usage.CompletionTokens);
}
