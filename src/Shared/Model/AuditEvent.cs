namespace AiGateway.Shared.Model;

/// <summary>Who changed what, when, with the values before and after (secrets redacted).</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }

    /// <summary>e.g. <c>Team.Created</c>, <c>ApiKey.Updated</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
