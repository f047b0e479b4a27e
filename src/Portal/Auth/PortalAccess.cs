using System.Security.Claims;
using AiGateway.Shared.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Auth;

/// <summary>
/// What the signed-in person may see and do, decided on the server for every page and action: admins act on every
/// team; a team member only on the teams that list them as a member or owner.
/// </summary>
public sealed class PortalAccess(AuthenticationStateProvider authentication, IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<bool> IsAdminAsync() => (await UserAsync()).IsInRole(PortalRoles.Admin);

    /// <summary>The name the audit log records for the person acting.</summary>
    public async Task<string> ActorAsync() => (await UserAsync()).ActorName();

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

    public async Task<bool> MayActForTeamAsync(Guid teamId, CancellationToken ct = default) =>
        await TeamsAsync(ct) is not { } teams || teams.Contains(teamId);

    /// <summary>Throws unless this person is an admin: the check in front of an admin-only call to an application service.</summary>
    /// <param name="refusal">What the person is told, naming what they tried.</param>
    public async Task EnsureAdminAsync(string refusal)
    {
        if (!await IsAdminAsync())
        {
            throw new UnauthorizedAccessException(refusal);
        }
    }

    /// <summary>Throws unless this person may act for the team: the last line of defence behind every team action.</summary>
    public async Task EnsureMayActForTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        if (!await MayActForTeamAsync(teamId, ct))
        {
            throw new UnauthorizedAccessException("You are not a member of this team.");
        }
    }
}
