using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasView(Guid Id, string Name, string? Description, bool Enabled, double? FirstByteTimeoutSeconds, DateTimeOffset CreatedAt, IReadOnlyList<AliasTargetView> Targets)
{
    public static AliasView From(ModelAlias a) => new(
        a.Id, a.Name, a.Description, a.Enabled, a.FirstByteTimeoutSeconds, a.CreatedAt,
        a.Targets.OrderBy(t => t.PriorityTier ?? int.MaxValue).ThenByDescending(t => t.Weight).Select(AliasTargetView.From).ToList());
}
