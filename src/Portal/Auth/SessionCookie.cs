using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AiGateway.Portal.Auth;

/// <summary>
/// The portal's session cookie as a security review expects it: outside Development a <c>__Host-</c> name (Secure,
/// path /, no domain, so a sibling subdomain cannot set or shadow it), HttpOnly, SameSite Lax; an idle timeout renewed
/// by use, and an absolute lifetime that renewal never extends.
/// </summary>
public static class SessionCookie
{
    public const string DevelopmentName = "aigw.auth";
    public const string ProductionName = "__Host-aigw.auth";

    // Kept in the ticket's properties, which survive each sliding renewal (the issue time does not).
    private const string SessionStartedKey = "aigw.session_started";

    public static void Configure(CookieAuthenticationOptions options, IHostEnvironment environment, PortalAuthOptions settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(settings);
        var development = environment.IsDevelopment();
        options.Cookie.Name = development ? DevelopmentName : ProductionName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.Path = "/";
        // Development runs on plain HTTP; everywhere else the browser only ever sends the cookie over TLS.
        options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = settings.IdleTimeout;
        options.Events.OnSigningIn = context =>
        {
            context.Properties.Items[SessionStartedKey] = Now(context.Options).ToString("O");
            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = async context =>
        {
            if (context.Properties.Items.TryGetValue(SessionStartedKey, out var started)
                && DateTimeOffset.TryParse(started, null, System.Globalization.DateTimeStyles.RoundtripKind, out var startedAt)
                && Now(context.Options) - startedAt < settings.AbsoluteLifetime)
            {
                return;
            }

            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        };
    }

    private static DateTimeOffset Now(CookieAuthenticationOptions options) => (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
}
