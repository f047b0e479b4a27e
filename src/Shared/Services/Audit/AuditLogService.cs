using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Audit;

/// <summary>Reads the audit log. Writing it is not a service: <see cref="PortalDbContext.SaveConfigurationChangesAsync"/> does that for every change.</summary>
public sealed class AuditLogService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AuditEventView>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Take is < 1 or > AuditQuery.MaxTake)
        {
            throw RequestValidationException.For("take", $"'take' must be between 1 and {AuditQuery.MaxTake}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            events = events.Where(e => e.EntityType == query.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            events = events.Where(e => e.EntityId == query.EntityId);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            events = events.Where(e => e.Actor == query.Actor);
        }

        if (query.From is { } from)
        {
            var utc = from.ToUniversalTime();
            events = events.Where(e => e.At >= utc);
        }

        if (query.To is { } to)
        {
            var utc = to.ToUniversalTime();
            events = events.Where(e => e.At < utc);
        }

        if (query.BeforeId is { } before)
        {
            events = events.Where(e => e.Id < before);
        }

        var page = await events.OrderByDescending(e => e.Id).Take(query.Take).ToListAsync(ct);
        return page.ConvertAll(AuditEventView.From);
    }
}
