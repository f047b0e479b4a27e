namespace AiGateway.Portal.Auth;

/// <summary>A configured single sign-on: its authentication scheme and the name on its sign-in button.</summary>
public sealed record SignInProvider(string Scheme, string DisplayName)
{
    public const string OidcScheme = "oidc";
    public const string EntraScheme = "entra";
}
