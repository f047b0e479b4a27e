using AiGateway.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AiGateway.Portal.Auth;

/// <summary>
/// Single sign-on through OpenID Connect: any standards-compliant provider under <c>PortalAuth:Oidc</c>, Microsoft Entra
/// ID under <c>PortalAuth:Entra</c> (Microsoft.Identity.Web; <c>AzureAd</c> stays the gateway's, for client apps' tokens); either, both or neither. Both sign in to the portal's own cookie.
/// </summary>
public static class ExternalSignInExtensions
{
    public const string EntraSectionName = "PortalAuth:Entra";

    public static AuthenticationBuilder AddExternalSignIn(this AuthenticationBuilder authentication, IHostApplicationBuilder builder, PortalAuthOptions settings)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var providers = new List<SignInProvider>();
        var development = builder.Environment.IsDevelopment();

        var entra = builder.Configuration.GetSection(EntraSectionName);
        if (!string.IsNullOrWhiteSpace(entra["ClientId"]))
        {
            // No cookie scheme of its own (null): it signs in to the portal's cookie, configured once.
            authentication.AddMicrosoftIdentityWebApp(entra.Bind, configureCookieAuthenticationOptions: null,
                openIdConnectScheme: SignInProvider.EntraScheme, cookieScheme: null);
            builder.Services.AddOptions<OpenIdConnectOptions>(SignInProvider.EntraScheme)
                .Configure(o => UsePortalSession(o, SignInClaimNames.EntraId, settings, SignInProvider.EntraScheme, development));
            // Sign-out posts a form whose answer redirects to the provider's end-session page: the CSP must allow it.
            builder.Services.AllowFormActionTo(entra["Instance"] is { Length: > 0 } instance ? instance : "https://login.microsoftonline.com/");
            providers.Add(new SignInProvider(SignInProvider.EntraScheme, entra["DisplayName"] is { Length: > 0 } name ? name : "Microsoft Entra ID"));
        }

        var oidc = settings.Oidc;
        if (oidc.IsConfigured)
        {
            authentication.AddOpenIdConnect(SignInProvider.OidcScheme, oidc.DisplayName, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.CallbackPath = oidc.CallbackPath;
                o.SignedOutCallbackPath = oidc.SignedOutCallbackPath;
                // The token's own claim names (sub, roles, groups), not .NET's long URIs: the claim settings name them.
                o.MapInboundClaims = false;
                o.Scope.Clear();
                foreach (var scope in oidc.EffectiveScopes)
                {
                    o.Scope.Add(scope);
                }

                UsePortalSession(o, SignInClaimNames.From(oidc), settings, SignInProvider.OidcScheme, development);
            });
            builder.Services.AllowFormActionTo(oidc.Authority!);
            providers.Add(new SignInProvider(SignInProvider.OidcScheme, oidc.DisplayName));
        }

        builder.Services.AddSingleton(new SignInProviders(providers));
        return authentication;
    }

    /// <summary>What both providers share: the code flow with PKCE, the portal's cookie, and the portal's claims.</summary>
    private static void UsePortalSession(OpenIdConnectOptions options, SignInClaimNames names, PortalAuthOptions settings, string scheme, bool development)
    {
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        // The code comes back on a top-level GET, which SameSite=Lax cookies (the correlation and nonce cookies
        // included) accompany; form_post would need SameSite=None cookies.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.HttpOnly = true;
            cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        }

        // Keeps the id token in the session so that sign-out can name the session to end (id_token_hint).
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.SignedOutRedirectUri = "/signin";
        options.AccessDeniedPath = "/signin";

        var validated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Principal is { } principal)
            {
                context.Principal = SignInClaimsMapper.Map(principal, names, settings, scheme);
            }
        };
        var failed = options.Events.OnRemoteFailure;
        options.Events.OnRemoteFailure = async context =>
        {
            await failed(context);
            if (context.Result is not null)
            {
                return;
            }

            // A refused consent, an expired or replayed callback: back to the sign-in page with a message, not a 500.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignInExtensions))
                .LogWarning(context.Failure, "Sign-in with {Scheme} failed", scheme);
            context.Response.Redirect("/signin?error=failed");
            context.HandleResponse();
        };
    }

    /// <summary>Whether the provider offers an end-session endpoint (RP-initiated logout); false when it cannot be reached.</summary>
    public static async Task<bool> OffersEndSessionAsync(this HttpContext context, string scheme)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(scheme);
        if (options.ConfigurationManager is null)
        {
            return false;
        }

        try
        {
            var configuration = await options.ConfigurationManager.GetConfigurationAsync(context.RequestAborted);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
