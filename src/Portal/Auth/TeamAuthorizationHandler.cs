using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace AiGateway.Portal.Auth;

/// <summary>Judges a <see cref="TeamOperations"/> requirement against a team, by <see cref="TeamRules"/>.</summary>
public sealed class TeamAuthorizationHandler(TeamRoleReader roles) : AuthorizationHandler<OperationAuthorizationRequirement, TeamResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, TeamResource resource)
    {
        var standing = await roles.StandingAsync(context.User, resource.TeamId);
        if (TeamRules.Allows(standing, TeamRules.TokenScopes(context.User), requirement))
        {
            context.Succeed(requirement);
        }
    }
}
