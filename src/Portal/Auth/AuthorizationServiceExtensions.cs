using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace AiGateway.Portal.Auth;

public static class AuthorizationServiceExtensions
{
    /// <summary>Throws <see cref="AccessDeniedException"/> with <paramref name="refusal"/> unless the rules allow the operation.</summary>
    public static async Task EnsureAsync(
        this IAuthorizationService authorization, ClaimsPrincipal user, object resource, OperationAuthorizationRequirement operation, string refusal)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (!(await authorization.AuthorizeAsync(user, resource, operation)).Succeeded)
        {
            throw new AccessDeniedException(refusal);
        }
    }
}
