using System.Security.Claims;

namespace AiGateway.Portal.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The name the audit log records for this user.</summary>
    public static string ActorName(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue("preferred_username")
            ?? user.Identity?.Name
            ?? user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("An authenticated user without a name cannot be audited.");
    }

    /// <summary>Every id a team's member list may name this person by: the name identifier and any alternate ids.</summary>
    public static IReadOnlyList<string> PortalUserIds(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindAll(ClaimTypes.NameIdentifier).Concat(user.FindAll(PortalClaimTypes.AlternateUserId))
            .Select(c => c.Value)
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
