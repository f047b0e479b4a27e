using System.Security.Claims;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Auth;

/// <summary>Finds where a caller stands towards a team: admin, a token of the team, its owner or member, or an outsider.</summary>
public sealed class TeamRoleReader(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<TeamStanding> StandingAsync(ClaimsPrincipal user, Guid teamId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return TeamStanding.Outsider;
        }

        // A token's identity says which team it is for; it is never an admin and never a person on a member list.
        if (user.FindFirst(TeamTokenClaimTypes.TeamId) is { } tokenTeam)
        {
            return Guid.TryParse(tokenTeam.Value, out var id) && id == teamId ? TeamStanding.Token : TeamStanding.Outsider;
        }

        if (user.IsInRole(PortalRoles.Admin))
        {
            return TeamStanding.Admin;
        }

        var userIds = user.PortalUserIds();
        if (userIds.Count == 0)
        {
            return TeamStanding.Outsider;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.TeamMembers.AsNoTracking()
            .Where(m => m.TeamId == teamId && userIds.Contains(m.UserId))
            .Select(m => m.Role)
            .ToListAsync(ct);
        return roles.Count == 0 ? TeamStanding.Outsider : roles.Contains(TeamRole.Owner) ? TeamStanding.Owner : TeamStanding.Member;
    }
}
