using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AiGateway.Portal.Auth;

/// <summary>
/// Starting a single sign-on and signing out, for every kind of sign-in. The start is a plain GET link, so a
/// Content-Security-Policy's <c>form-action 'self'</c> does not stand between the page and the provider.
/// </summary>
public static class SignInEndpoints
{
    public const string SignOutPath = "/account/signout";

    public static IEndpointRouteBuilder MapPortalSignIn(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/account/signin/{provider}", (string provider, string? returnUrl, SignInProviders providers) =>
            providers.Find(provider) is { } found
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl.OrRoot(returnUrl) }, [found.Scheme])
                : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();

        // A POST with the antiforgery token: another site cannot sign a person out behind their back.
        endpoints.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery, SignInProviders providers) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var provider = context.User.FindFirstValue(PortalSignInClaimTypes.Provider);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            // Signed in through a provider: end the session there too, or the next sign-in would pass straight through.
            if (provider is not null && providers.Find(provider) is not null && await context.OffersEndSessionAsync(provider))
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signin" }, [provider]);
            }

            return Results.LocalRedirect("/signin");
        })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }
}
