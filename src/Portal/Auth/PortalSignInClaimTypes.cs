namespace AiGateway.Portal.Auth;

/// <summary>Claim types the single sign-on adds for the portal's own use.</summary>
public static class PortalSignInClaimTypes
{
    /// <summary>The sign-in scheme that signed the person in (<c>oidc</c> or <c>entra</c>): sign-out also ends the session there.</summary>
    public const string Provider = "aigw:signin_provider";
}
