using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AiGateway.Portal.Auth;

/// <summary>
/// The embedded default's sign-in: pick a user and a role, get a cookie. Only mapped when development sign-in is on;
/// production signs in with Entra ID. The JSON endpoint cannot be posted by a cross-site page without CORS; the sign-in
/// page's form endpoint is protected by an antiforgery token instead.
/// </summary>
public static class DevelopmentSignInEndpoints
{
    public static IEndpointRouteBuilder MapDevelopmentSignIn(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!IsEnabled(endpoints.ServiceProvider))
        {
            // Said plainly: the development sign-in does not exist here, whatever the method.
            endpoints.Map("/account/dev/{**rest}", () => Results.NotFound()).ExcludeFromDescription();
            return endpoints;
        }

        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDevelopment())
        {
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevelopmentSignInEndpoints)).LogWarning(
                "Development sign-in is enabled in the {Environment} environment: anyone who reaches the portal can sign in as anyone, admins included. Turn off Auth:DevelopmentSignIn:Enabled outside a closed demo.",
                environment.EnvironmentName);
        }

        var group = endpoints.MapGroup("/account/dev").WithTags("Development sign-in").ExcludeFromDescription();
        group.MapPost("/signin", SignInAsync);
        group.MapPost("/signin-form", SignInFormAsync);
        group.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    public static bool IsEnabled(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        var configured = services.GetRequiredService<IConfiguration>().GetSection(DevelopmentSignInOptions.SectionName).Get<DevelopmentSignInOptions>();
        return configured?.Enabled ?? environment.IsDevelopment();
    }

    /// <summary>The sign-in page's form (antiforgery-checked): signs in and goes back to where the user was headed.</summary>
    private static async Task<Results<RedirectHttpResult, ValidationProblem>> SignInFormAsync(
        [FromForm] string? userId, [FromForm] string? role, [FromForm] string? returnUrl, HttpContext context)
    {
        var result = await SignInAsync(new DevelopmentSignInRequest(userId, role, null), context);
        if (result.Result is ValidationProblem problem)
        {
            return problem;
        }

        return TypedResults.LocalRedirect(LocalReturnUrl.OrRoot(returnUrl));
    }

    private static async Task<Results<NoContent, ValidationProblem>> SignInAsync(DevelopmentSignInRequest request, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            errors["userId"] = ["'userId' is required."];
        }

        if (request.Role is not (PortalRoles.Admin or PortalRoles.TeamMember))
        {
            errors["role"] = [$"'role' must be {PortalRoles.Admin} or {PortalRoles.TeamMember}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var userId = request.UserId!.Trim();
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId),
                new Claim(ClaimTypes.Name, userId),
                new Claim("name", request.DisplayName ?? userId),
                new Claim(ClaimTypes.Role, request.Role!),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }
}
