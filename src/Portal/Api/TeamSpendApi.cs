using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Spend;
using Microsoft.AspNetCore.Authorization;

namespace AiGateway.Portal.Api;

/// <summary>A team's own spend view: for whoever may read the team's usage (its members, admins, its tokens with ReadUsage).</summary>
public static class TeamSpendApi
{
    public static RouteGroupBuilder MapTeamSpendApi(this RouteGroupBuilder api)
    {
        api.MapGet("/teams/{id:guid}/spend", async (Guid id, string? month, TeamSpendService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, new TeamResource(id), TeamOperations.ReadUsage, TeamApiRefusals.NoUsage);
                return await service.GetAsync(id, month, ct);
            })
            .WithTags("Teams")
            .WithDescription(
                "The team's spend in a UTC month (month=yyyy-MM, default the current one) per key and per alias (token cost and fixed share), " +
                "each budget of its quota policies with its use and percent, and a forecast: month-to-date spend over the share of the month elapsed.")
            .ProducesValidationProblem();
        return api;
    }
}
