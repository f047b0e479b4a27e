using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace AiGateway.Portal.Auth;

/// <summary>Judges <see cref="TeamOperations.ManageOwnKey"/> against one key: its issuer, or whoever may manage all the team's keys.</summary>
public sealed class ApiKeyAuthorizationHandler(TeamRoleReader roles) : AuthorizationHandler<OperationAuthorizationRequirement, ApiKeyResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ApiKeyResource resource)
    {
        if (requirement.Name != TeamOperations.ManageOwnKey.Name)
        {
            return;
        }

        var standing = await roles.StandingAsync(context.User, resource.TeamId);
        if (TeamRules.AllowsKey(standing, TeamRules.TokenScopes(context.User), resource, context.User))
        {
            context.Succeed(requirement);
        }
    }
}
