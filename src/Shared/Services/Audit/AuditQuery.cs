namespace AiGateway.Shared.Services.Audit;

/// <summary>Filters for the audit log; results come newest first, <see cref="Take"/> at a time, older than <see cref="BeforeId"/>.</summary>
public sealed record AuditQuery
{
    public const int MaxTake = 500;
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? Actor { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public long? BeforeId { get; init; }
    public int Take { get; init; } = 100;
}
