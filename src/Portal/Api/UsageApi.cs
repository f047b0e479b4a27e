using System.Security.Claims;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Usage;
using Microsoft.AspNetCore.Authorization;

namespace AiGateway.Portal.Api;

public static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage/hourly", async (string? from, string? to, string? teamId, UsageReportService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var start = AdminQuery.Instant("from", from, errors);
                var end = AdminQuery.Instant("to", to, errors);
                var team = AdminQuery.Id("teamId", teamId, errors);
                errors.ThrowIfAny();
                await UsageAccess.EnsureMayReadAsync(authorization, user, team);
                return await service.ListHourlyAsync(start, end, team, ct);
            })
            .WithTags("Usage")
            .WithDescription("Usage per UTC hour, team, key, alias and deployment for hours starting in [from, to) (default the last 24 hours, at most 31 days), oldest first. Everyone but an admin names their team with teamId.")
            .ProducesValidationProblem();
        return admin;
    }
}
