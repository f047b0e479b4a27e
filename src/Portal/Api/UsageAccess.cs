using System.Security.Claims;
using AiGateway.Portal.Auth;
using Microsoft.AspNetCore.Authorization;

namespace AiGateway.Portal.Api;

/// <summary>Who may read usage figures through the API: every team's for admins, one team's for whoever may read that team's usage.</summary>
internal static class UsageAccess
{
    public static async Task EnsureMayReadAsync(IAuthorizationService authorization, ClaimsPrincipal user, Guid? teamId)
    {
        if (teamId is { } team)
        {
            await authorization.EnsureAsync(user, new TeamResource(team), TeamOperations.ReadUsage, TeamApiRefusals.NoUsage);
        }
        else if (!user.IsInRole(PortalRoles.Admin))
        {
            throw new AccessDeniedException(TeamApiRefusals.TeamRequired);
        }
    }
}
