namespace AiGateway.Portal.Auth;

/// <summary>Settings under <c>PortalAuth</c>: who is an admin after a single sign-on, how long a session lasts, the generic OIDC provider.</summary>
public sealed class PortalAuthOptions
{
    public const string SectionName = "PortalAuth";

    /// <summary><c>PortalAuth:AdminRole</c>: the app role value (in the <c>roles</c> claim) that makes a person an admin.</summary>
    public string AdminRole { get; set; } = PortalRoles.Admin;

    /// <summary><c>PortalAuth:AdminGroupId</c>: optionally, a group id (in the <c>groups</c> claim) whose members are admins.</summary>
    public string? AdminGroupId { get; set; }

    /// <summary>
    /// <c>PortalAuth:IdleTimeout</c>: a session not used for this long ends. Each use renews it (sliding), but never past
    /// <see cref="AbsoluteLifetime"/>.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>PortalAuth:AbsoluteLifetime</c>: a session ends this long after sign-in however active it is.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary><c>PortalAuth:Oidc</c>: any standards-compliant OpenID Connect provider (Keycloak, Auth0, Okta...).</summary>
    public OidcProviderOptions Oidc { get; set; } = new();
}
