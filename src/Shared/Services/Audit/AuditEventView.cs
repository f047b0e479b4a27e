using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Audit;

public sealed record AuditEventView(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, string? Before, string? After)
{
    public static AuditEventView From(AuditEvent e) => new(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After);
}
