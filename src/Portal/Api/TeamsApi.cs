using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

/// <summary>
/// Teams: listing, onboarding, changing limits and deleting are for admins; a team's owners see it, edit its
/// description and manage its members; its members see it and its members.
/// </summary>
public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", (TeamService service, CancellationToken ct) => service.ListAsync(ct))
            .RequireAuthorization(PortalPolicies.Admin);
        teams.MapGet("/{id:guid}", async (Guid id, TeamService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await authorization.EnsureAsync(user, new TeamResource(id), TeamOperations.View, TeamApiRefusals.NotMember);
            return await service.GetAsync(id, ct);
        });
        teams.MapPost("/", async Task<Created<TeamView>> (TeamInput input, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var team = await service.CreateAsync(input, user.ActorName(), ct);
                return TypedResults.Created($"/api/admin/teams/{team.Id}", team);
            })
            .RequireAuthorization(PortalPolicies.Admin);
        teams.MapPut("/{id:guid}", (Guid id, TeamInput input, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.UpdateAsync(id, input, user.ActorName(), ct))
            .RequireAuthorization(PortalPolicies.Admin);
        teams.MapPut("/{id:guid}/description", async (Guid id, TeamDescriptionInput input, TeamService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, new TeamResource(id), TeamOperations.Edit, TeamApiRefusals.OwnersOnly);
                return await service.UpdateDescriptionAsync(id, input, user.ActorName(), ct);
            })
            .WithDescription("Changes only the team's description: what the team's owners may edit themselves.");
        teams.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await service.DeleteAsync(id, user.ActorName(), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(PortalPolicies.Admin);

        teams.MapGet("/{id:guid}/members", async (Guid id, TeamService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await authorization.EnsureAsync(user, new TeamResource(id), TeamOperations.View, TeamApiRefusals.NotMember);
            return await service.ListMembersAsync(id, ct);
        });
        teams.MapPost("/{id:guid}/members", async Task<Created<TeamMemberView>> (Guid id, TeamMemberInput input, TeamService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await authorization.EnsureAsync(user, new TeamResource(id), TeamOperations.ManageMembers, TeamApiRefusals.OwnersOnly);
            var member = await service.AddMemberAsync(id, input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/teams/{id}/members/{member.Id}", member);
        });
        teams.MapDelete("/{id:guid}/members/{memberId:guid}", async Task<NoContent> (Guid id, Guid memberId, TeamService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await authorization.EnsureAsync(user, new TeamResource(id), TeamOperations.ManageMembers, TeamApiRefusals.OwnersOnly);
            await service.RemoveMemberAsync(id, memberId, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
