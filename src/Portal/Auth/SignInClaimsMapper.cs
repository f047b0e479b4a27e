using System.Security.Claims;

namespace AiGateway.Portal.Auth;

/// <summary>
/// Turns a provider's token claims into the portal's identity at sign-in: the stable id as name identifier, every other
/// id a member list may use as <see cref="PortalClaimTypes.AlternateUserId"/>, and one portal role. Nothing else of the
/// token is kept, so the cookie stays small and no provider claim is trusted by accident.
/// </summary>
public static class SignInClaimsMapper
{
    public static ClaimsPrincipal Map(ClaimsPrincipal external, SignInClaimNames names, PortalAuthOptions settings, string provider)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);

        var userId = First(external, names.UserId)
            ?? throw new InvalidOperationException($"The token from '{provider}' has no user id claim ({string.Join(", ", names.UserId)}).");
        var alternateIds = names.AlternateIds.SelectMany(type => external.FindAll(type)).Select(c => c.Value)
            .Where(v => v.Length > 0 && !string.Equals(v, userId, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var displayName = First(external, names.Name) ?? alternateIds.FirstOrDefault() ?? userId;

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId),
            new(ClaimTypes.Name, displayName),
            new(ClaimTypes.Role, IsAdmin(external, names, settings) ? PortalRoles.Admin : PortalRoles.TeamMember),
            new(PortalSignInClaimTypes.Provider, provider),
        };
        // The audit names a person by preferred_username first: a login name is clearer there than a display name.
        if (alternateIds.Count > 0)
        {
            claims.Add(new Claim("preferred_username", alternateIds[0]));
        }

        claims.AddRange(alternateIds.Select(id => new Claim(PortalClaimTypes.AlternateUserId, id)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, provider, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static bool IsAdmin(ClaimsPrincipal external, SignInClaimNames names, PortalAuthOptions settings)
    {
        // Role values and group ids are compared exactly: an app role "admin" is not the role "Admin".
        var hasRole = !string.IsNullOrEmpty(settings.AdminRole)
            && names.Roles.SelectMany(type => external.FindAll(type)).Any(c => c.Value == settings.AdminRole);
        var inGroup = !string.IsNullOrEmpty(settings.AdminGroupId)
            && names.Groups.SelectMany(type => external.FindAll(type)).Any(c => string.Equals(c.Value, settings.AdminGroupId, StringComparison.OrdinalIgnoreCase));
        return hasRole || inGroup;
    }

    private static string? First(ClaimsPrincipal principal, IEnumerable<string> types) =>
        types.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
