using System.Security.Claims;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace AiGateway.Portal.Auth;

/// <summary>
/// The table of who may do what to a team: admins everything; owners everything of their team; members see it, issue
/// keys, manage the keys they issued and read usage; a team token only what its scopes name, on its own team.
/// </summary>
public static class TeamRules
{
    public static bool Allows(TeamStanding standing, TeamTokenScopes tokenScopes, OperationAuthorizationRequirement operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return standing switch
        {
            TeamStanding.Admin or TeamStanding.Owner => true,
            TeamStanding.Member => operation.Name is nameof(TeamOperations.View) or nameof(TeamOperations.ManageOwnKey) or nameof(TeamOperations.ReadUsage),
            TeamStanding.Token => operation.Name switch
            {
                nameof(TeamOperations.ManageAllKeys) or nameof(TeamOperations.ManageOwnKey) => tokenScopes.HasFlag(TeamTokenScopes.ManageKeys),
                nameof(TeamOperations.ReadUsage) => tokenScopes.HasFlag(TeamTokenScopes.ReadUsage),
                _ => false,
            },
            _ => false,
        };
    }

    /// <summary>A member manages a key they issued; whoever may manage all of a team's keys manages any of them.</summary>
    public static bool AllowsKey(TeamStanding standing, TeamTokenScopes tokenScopes, ApiKeyResource key, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(user);
        if (Allows(standing, tokenScopes, TeamOperations.ManageAllKeys))
        {
            return true;
        }

        return standing == TeamStanding.Member
            && key.IssuedByUserId is { } issuer
            && user.PortalUserIds().Contains(issuer, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The scopes a team token's identity carries; none for anyone else.</summary>
    public static TeamTokenScopes TokenScopes(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = TeamTokenScopes.None;
        foreach (var claim in user.FindAll(TeamTokenClaimTypes.Scope))
        {
            if (Enum.TryParse<TeamTokenScopes>(claim.Value, out var scope))
            {
                scopes |= scope;
            }
        }

        return scopes;
    }
}
