using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasView(Guid Id, string Name, string? Description, bool Enabled, double? FirstByteTimeoutSeconds, DateTimeOffset CreatedAt, IReadOnlyList<AliasTargetView> Targets)
{
    public RoutingStrategy RoutingStrategy { get; init; }
    public int HighReservedPercent { get; init; }
    public int MaxQueueLength { get; init; }
    public double LowQueueSeconds { get; init; }
    public double NormalQueueSeconds { get; init; }

    public static AliasView From(ModelAlias a) => new(
        a.Id, a.Name, a.Description, a.Enabled, a.FirstByteTimeoutSeconds, a.CreatedAt,
        a.Targets.OrderBy(t => t.PriorityTier ?? int.MaxValue).ThenByDescending(t => t.Weight).Select(AliasTargetView.From).ToList())
    {
        RoutingStrategy = a.RoutingStrategy,
        HighReservedPercent = a.HighReservedPercent,
        MaxQueueLength = a.MaxQueueLength,
        LowQueueSeconds = a.LowQueueSeconds,
        NormalQueueSeconds = a.NormalQueueSeconds,
    };
}
