using AiGateway.Shared;
using AiGateway.Shared.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiGateway.Portal.Hosting;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: it can serve (database reachable, configuration loaded).</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = HealthTags.Ready;

    public static IHostApplicationBuilder AddPortalHealthChecks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks()
            // Degraded, not Unhealthy: without the database the gateway keeps serving its last snapshot, so a load
            // balancer must not take every replica out at once; the report says the portal cannot write.
            .AddDbContextCheck<PortalDbContext>(
                "database",
                failureStatus: HealthStatus.Degraded,
                tags: [ReadyTag],
                // A query, not just a connection: an empty or unmigrated database (a SQLite file re-created
                // after loss, say) answers a connect but cannot serve the portal.
                customTestQuery: (db, ct) => db.ConfigVersions.AnyAsync(ct));
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }
}
