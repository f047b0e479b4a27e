using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasView(Guid Id, string Name, string? Description, bool Enabled, double? FirstByteTimeoutSeconds, DateTimeOffset CreatedAt, IReadOnlyList<AliasTargetView> Targets)
{
    public bool AllowMixedModelVersions { get; init; }
    public RoutingStrategy RoutingStrategy { get; init; }
    public int HighReservedPercent { get; init; }
    public int MaxQueueLength { get; init; }
    public double LowQueueSeconds { get; init; }
    public double NormalQueueSeconds { get; init; }

    /// <summary>What the admin should know about the alias as configured, such as region-limited teams it cannot serve.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static AliasView From(ModelAlias a) => From(a, []);

    public static AliasView From(ModelAlias a, IReadOnlyList<string> warnings) => new(
        a.Id, a.Name, a.Description, a.Enabled, a.FirstByteTimeoutSeconds, a.CreatedAt,
        a.Targets.OrderBy(t => t.PriorityTier ?? int.MaxValue).ThenByDescending(t => t.Weight).ThenBy(t => t.Deployment?.Name, StringComparer.Ordinal).ThenBy(t => t.Id)
            .Select(AliasTargetView.From).ToList())
    {
        AllowMixedModelVersions = a.AllowMixedModelVersions,
        RoutingStrategy = a.RoutingStrategy,
        HighReservedPercent = a.HighReservedPercent,
        MaxQueueLength = a.MaxQueueLength,
        LowQueueSeconds = a.LowQueueSeconds,
        NormalQueueSeconds = a.NormalQueueSeconds,
        Warnings = warnings,
    };
}
