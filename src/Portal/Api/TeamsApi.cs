using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this RouteGroupBuilder admin)
    {
        var teams = admin.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", (TeamService service, CancellationToken ct) => service.ListAsync(ct));
        teams.MapGet("/{id:guid}", (Guid id, TeamService service, CancellationToken ct) => service.GetAsync(id, ct));
        teams.MapPost("/", async Task<Created<TeamView>> (TeamInput input, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var team = await service.CreateAsync(input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/teams/{team.Id}", team);
        });
        teams.MapPut("/{id:guid}", (Guid id, TeamInput input, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.UpdateAsync(id, input, user.ActorName(), ct));
        teams.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, user.ActorName(), ct);
            return TypedResults.NoContent();
        });

        teams.MapGet("/{id:guid}/members", (Guid id, TeamService service, CancellationToken ct) => service.ListMembersAsync(id, ct));
        teams.MapPost("/{id:guid}/members", async Task<Created<TeamMemberView>> (Guid id, TeamMemberInput input, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var member = await service.AddMemberAsync(id, input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/teams/{id}/members/{member.Id}", member);
        });
        teams.MapDelete("/{id:guid}/members/{memberId:guid}", async Task<NoContent> (Guid id, Guid memberId, TeamService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.RemoveMemberAsync(id, memberId, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        return admin;
    }
}
