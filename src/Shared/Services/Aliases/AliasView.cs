using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasView(Guid Id, string Name, string? Description, bool Enabled, double? FirstByteTimeoutSeconds, DateTimeOffset CreatedAt, IReadOnlyList<AliasTargetView> Targets)
{
    public bool AllowMixedModelVersions { get; init; }

    /// <summary>What the admin should know about the alias as configured, such as region-limited teams it cannot serve.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static AliasView From(ModelAlias a) => From(a, []);

    public static AliasView From(ModelAlias a, IReadOnlyList<string> warnings) => new(
        a.Id, a.Name, a.Description, a.Enabled, a.FirstByteTimeoutSeconds, a.CreatedAt,
        a.Targets.OrderBy(t => t.PriorityTier ?? int.MaxValue).ThenByDescending(t => t.Weight).Select(AliasTargetView.From).ToList())
    {
        AllowMixedModelVersions = a.AllowMixedModelVersions,
        Warnings = warnings,
    };
}
