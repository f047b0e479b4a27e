using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.TeamTokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

/// <summary>A team's API tokens, for its owners and admins; a team token cannot see or issue tokens itself.</summary>
public static class TeamTokensApi
{
    public static RouteGroupBuilder MapTeamTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/teams/{teamId:guid}/tokens").WithTags("Team tokens");
        tokens.MapGet("/", async (Guid teamId, TeamTokenService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await authorization.EnsureAsync(user, new TeamResource(teamId), TeamOperations.ManageTokens, TeamApiRefusals.OwnersOnly);
            return await service.ListAsync(teamId, ct);
        });
        tokens.MapPost("/", async Task<Created<IssuedTeamToken>> (Guid teamId, TeamTokenInput input, TeamTokenService service, IAuthorizationService authorization, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, new TeamResource(teamId), TeamOperations.ManageTokens, TeamApiRefusals.OwnersOnly);
                var issued = await service.IssueAsync(teamId, input, user.ActorName(), ct);
                KeysApi.NoStore(http);
                return TypedResults.Created($"/api/admin/teams/{teamId}/tokens/{issued.Token.Id}", issued);
            })
            .WithDescription(
                $"Issues a team API token: a bearer token (agwt_...) that can manage this team's keys (scope ManageKeys) and read its usage and "
                + $"chargeback (scope ReadUsage), nothing else. expiresAt is required, at most {TeamTokenService.MaxLifetimeDays} days ahead. "
                + "The answer holds its secret, the only time it is ever shown.");
        tokens.MapPost("/{tokenId:guid}/revoke", async (Guid teamId, Guid tokenId, TeamTokenService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, new TeamResource(teamId), TeamOperations.ManageTokens, TeamApiRefusals.OwnersOnly);
                return await service.RevokeAsync(teamId, tokenId, user.ActorName(), ct);
            })
            .WithDescription("Revokes the token: its next request is refused with 401.");
        return api;
    }
}
