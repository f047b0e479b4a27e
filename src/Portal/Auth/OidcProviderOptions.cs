namespace AiGateway.Portal.Auth;

/// <summary>Settings under <c>PortalAuth:Oidc</c>. The provider is on when Authority and ClientId are set.</summary>
public sealed class OidcProviderOptions
{
    /// <summary>The issuer's address; its discovery document is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The sign-in page's button says "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    // Lists default to null and fall back here: configuration binding appends to a list that already has items.
    private static readonly string[] DefaultScopes = ["openid", "profile", "email"];
    private static readonly string[] DefaultAlternateIdClaims = ["preferred_username", "upn", "email"];

    /// <summary>The scopes asked for; <c>openid profile email</c> when unset.</summary>
    public IList<string>? Scopes { get; set; }

    /// <summary>The claim holding the person's stable id (the portal's name identifier).</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>Claims holding other ids an admin may list a member by, in the order the audit prefers them.</summary>
    public IList<string>? AlternateIdClaims { get; set; }

    public string NameClaim { get; set; } = "name";

    public string RolesClaim { get; set; } = "roles";

    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Where the provider sends the browser back with the code; register <c>https://{portal}{CallbackPath}</c> with it.</summary>
    public string CallbackPath { get; set; } = "/account/oidc/callback";

    /// <summary>Where the provider sends the browser after signing out; register it as a post-logout redirect URI.</summary>
    public string SignedOutCallbackPath { get; set; } = "/account/oidc/signed-out";

    /// <summary>Off only for a provider on plain HTTP (a test issuer on loopback); never in a real deployment.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public IReadOnlyList<string> EffectiveScopes => Scopes is { Count: > 0 } ? [.. Scopes] : DefaultScopes;

    /// <summary><see cref="AlternateIdClaims"/>, or <c>preferred_username</c>, <c>upn</c>, <c>email</c> when unset.</summary>
    public IReadOnlyList<string> EffectiveAlternateIdClaims => AlternateIdClaims is { Count: > 0 } ? [.. AlternateIdClaims] : DefaultAlternateIdClaims;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
