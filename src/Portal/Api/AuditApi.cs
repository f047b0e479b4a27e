using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Audit;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Api;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", (
                string? entityType, string? entityId, string? actor, DateTimeOffset? from, DateTimeOffset? to, long? beforeId, int? take,
                AuditLogService service, CancellationToken ct) =>
                service.QueryAsync(new AuditQuery
                {
                    EntityType = entityType,
                    EntityId = entityId,
                    Actor = actor,
                    From = from,
                    To = to,
                    BeforeId = beforeId,
                    Take = take ?? 100,
                }, ct))
            .WithTags("Audit")
            .WithDescription("Who changed what and when, newest first; page with beforeId.");

        admin.MapGet("/config-version", async (IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct) =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                return await db.ConfigVersions.AsNoTracking().SingleAsync(v => v.Id == ConfigVersion.SingletonId, ct);
            })
            .WithTags("Audit")
            .WithDescription("The configuration version; it rises with every configuration write, and every replica reloads when it does.");
        return admin;
    }
}
