using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// Whether the database answers a real query (not just a connection: an empty or unmigrated database, such as a
/// SQLite file re-created after loss, connects but cannot serve). Degraded, not Unhealthy, when it does not: the
/// gateway keeps serving its last configuration snapshot, so a load balancer must not take every replica out at once.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.ConfigVersions.AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The database did not answer; the portal cannot read or write until it does.", e);
        }
    }
}
