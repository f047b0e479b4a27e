using System.Collections.Frozen;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Pricing;

/// <summary>The service tiers a deployment's price table may name, and how an answer's <c>service_tier</c> maps to them.</summary>
public static class ServiceTiers
{
    public const string Default = DeploymentPrice.DefaultServiceTier;
    public const string Batch = "batch";
    public const string Flex = "flex";
    public const string Priority = "priority";

    /// <summary>The tiers a price version may be given, default first.</summary>
    public static IReadOnlyList<string> All { get; } = [Default, Batch, Flex, Priority];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string? tier) => tier is not null && Known.Contains(tier);

    /// <summary>
    /// The tier an answer is priced at: its own when the table may name it, else the default (<c>auto</c>, <c>scale</c>,
    /// none, or a tier this product does not price).
    /// </summary>
    public static string PricedAs(string? answered) =>
        answered is not null && Known.TryGetValue(answered, out var tier) ? tier : Default;
}
