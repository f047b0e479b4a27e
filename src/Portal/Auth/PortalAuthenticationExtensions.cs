using AiGateway.Gateway.Routing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AiGateway.Portal.Auth;

public static class PortalAuthenticationExtensions
{
    private const string SelectorScheme = "Portal";

    // The keys by which WebApplication tells whether the app wired these middlewares itself (ASP.NET Core's own names).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    /// <summary>
    /// Cookie sign-in for people, and the bootstrap bearer token for automation; a request with a bearer header is
    /// judged by the token alone, so a stale cookie can never stand in for a bad token.
    /// </summary>
    public static IHostApplicationBuilder AddPortalAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.SectionName))
            .Validate(o => string.IsNullOrEmpty(o.BootstrapToken) || o.BootstrapToken.Length >= AdminOptions.MinimumTokenLength,
                $"Admin:BootstrapToken must be at least {AdminOptions.MinimumTokenLength} characters (or unset to turn it off).")
            .ValidateOnStart();
        var signIn = builder.AddPortalAuthOptions();

        builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Cookie or bootstrap token", o => o.ForwardDefaultSelector = context =>
                TeamTokenHandler.Claims(context)
                    ? TeamTokenHandler.SchemeName
                    : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BootstrapTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BootstrapTokenHandler>(BootstrapTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, TeamTokenHandler>(TeamTokenHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                SessionCookie.Configure(o, builder.Environment, signIn);
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/denied";
                // APIs answer 401/403; only pages are sent to a sign-in page.
                o.Events.OnRedirectToLogin = context => AnswerApiOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => AnswerApiOrRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddExternalSignIn(builder, signIn);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Admin));
        return builder;
    }

    /// <summary>
    /// Sign-in, authorisation and antiforgery for the portal and the management API. Gateway endpoints skip them: a
    /// model client is authenticated by the gateway's own step, and a cookie handler per call is pure cost there.
    /// </summary>
    public static IApplicationBuilder UsePortalAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            static context => context.GetEndpoint()?.Metadata.GetMetadata<GatewayEndpoint>() is null,
            static portal => portal.UseAuthentication().UseAuthorization().UseAntiforgery());

        // The branch records that authentication is wired in its own copy of the application's properties; without
        // these marks the host would add both middlewares again in front of every request, gateway calls included.
        return app.MarkAuthenticationWired();
    }

    /// <summary>
    /// On a replica without the portal: the gateway authenticates its callers in its own step, so the host must not
    /// put the authentication and authorisation middlewares in front of every request, as it does by itself when a
    /// scheme is registered (Entra ID client tokens register one).
    /// </summary>
    public static IApplicationBuilder MarkAuthenticationWired(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        app.Properties[AuthorizationMiddlewareSetKey] = true;
        return app;
    }

    private static Task AnswerApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
