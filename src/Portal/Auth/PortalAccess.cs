using System.Security.Claims;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Auth;

/// <summary>
/// What the signed-in person may see and do, decided on the server for every page and action: admins act on every
/// team; a person only on the teams that list them, as far as <see cref="TeamOperations"/> allows their role there.
/// Components ask here; the rules themselves are the authorisation handlers the management API uses too.
/// </summary>
public sealed class PortalAccess(
    AuthenticationStateProvider authentication, IDbContextFactory<PortalDbContext> dbFactory, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<bool> IsAdminAsync() => (await UserAsync()).IsInRole(PortalRoles.Admin);

    /// <summary>The name the audit log records for the person acting.</summary>
    public async Task<string> ActorAsync() => (await UserAsync()).ActorName();

    /// <summary>The person's own id (the sign-in name identifier), recorded as a key's issuer; null for automation.</summary>
    public async Task<string?> PersonIdAsync() => IssuerId(await UserAsync());

    /// <summary>The id a key issued by <paramref name="user"/> records as its issuer: a person's name identifier, never a token's.</summary>
    public static string? IssuerId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(c => c.Type == TeamTokenClaimTypes.TeamId) ? null : user.FindFirstValue(ClaimTypes.NameIdentifier);
    }

    /// <summary>The teams this person may act for; null means every team (an admin).</summary>
    public async Task<IReadOnlySet<Guid>?> TeamsAsync(CancellationToken ct = default)
    {
        var user = await UserAsync();
        if (user.IsInRole(PortalRoles.Admin))
        {
            return null;
        }

        var userIds = user.PortalUserIds();
        if (userIds.Count == 0)
        {
            return new HashSet<Guid>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teams = await db.TeamMembers.AsNoTracking().Where(m => userIds.Contains(m.UserId)).Select(m => m.TeamId).ToListAsync(ct);
        return teams.ToHashSet();
    }

    /// <summary>Whether the rules let this person do <paramref name="operation"/> to the team.</summary>
    public async Task<bool> MayAsync(Guid teamId, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(await UserAsync(), new TeamResource(teamId), operation)).Succeeded;

    /// <summary>Whether this person may rotate or revoke this key: one they issued, or any when they manage all the team's keys.</summary>
    public async Task<bool> MayManageKeyAsync(ApiKeyView key) =>
        (await authorization.AuthorizeAsync(await UserAsync(), ApiKeyResource.Of(key), TeamOperations.ManageOwnKey)).Succeeded;

    /// <summary>What this person may do to the team, read once for a page to show only those controls.</summary>
    public async Task<TeamPermissions> PermissionsAsync(Guid teamId) => new(
        await MayAsync(teamId, TeamOperations.Edit),
        await MayAsync(teamId, TeamOperations.ManageMembers),
        await MayAsync(teamId, TeamOperations.ManageAllKeys),
        await MayAsync(teamId, TeamOperations.ManageTokens));

    /// <summary>Throws unless the rules allow the operation: the last line of defence behind every team action.</summary>
    /// <param name="refusal">What the person is told, naming what they tried.</param>
    public async Task EnsureAsync(Guid teamId, OperationAuthorizationRequirement operation, string refusal) =>
        await authorization.EnsureAsync(await UserAsync(), new TeamResource(teamId), operation, refusal);

    /// <summary>Throws unless this person may rotate or revoke this key.</summary>
    public async Task EnsureMayManageKeyAsync(ApiKeyView key) =>
        await authorization.EnsureAsync(await UserAsync(), ApiKeyResource.Of(key), TeamOperations.ManageOwnKey, "You may only manage the keys you issued; a team owner manages every key.");

    /// <summary>Throws unless this person is an admin: the check in front of an admin-only call to an application service.</summary>
    /// <param name="refusal">What the person is told, naming what they tried.</param>
    public async Task EnsureAdminAsync(string refusal)
    {
        if (!await IsAdminAsync())
        {
            throw new AccessDeniedException(refusal);
        }
    }
}
