using System.Security.Claims;

namespace AiGateway.Portal.Auth;

/// <summary>Which claims of a provider's token carry the person's id, other ids, name, app roles and groups.</summary>
public sealed record SignInClaimNames(
    IReadOnlyList<string> UserId,
    IReadOnlyList<string> AlternateIds,
    IReadOnlyList<string> Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups)
{
    /// <summary>
    /// Entra ID: the object id (<c>oid</c>) is the stable id, never reassigned, unlike a UPN. Each claim is listed by its
    /// short name and by the long name .NET maps it to, so the mapping holds whether inbound claims are mapped or not.
    /// </summary>
    public static SignInClaimNames EntraId { get; } = new(
        UserId: ["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"],
        AlternateIds: ["preferred_username", "upn", ClaimTypes.Upn, "email", ClaimTypes.Email],
        Name: ["name"],
        Roles: ["roles", ClaimTypes.Role],
        Groups: ["groups"]);

    public static SignInClaimNames From(OidcProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new([options.UserIdClaim], options.EffectiveAlternateIdClaims, [options.NameClaim], [options.RolesClaim], [options.GroupsClaim]);
    }
}
