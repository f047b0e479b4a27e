namespace AiGateway.OidcIssuer;

/// <summary>
/// RP-initiated logout: the issuer keeps no session of its own (every sign-in asks who you are), so it only sends the
/// browser back to the client's loopback post-logout address with the client's state, or shows that you are signed out.
/// </summary>
public static class EndSessionEndpoints
{
    public static WebApplication MapEndSession(this WebApplication app)
    {
        app.MapGet("/logout", (HttpContext context) =>
        {
            var target = context.Request.Query["post_logout_redirect_uri"].FirstOrDefault();
            if (target is null)
            {
                return Results.Content("<!DOCTYPE html><html><body><h1>You are signed out of the test issuer.</h1></body></html>", "text/html; charset=utf-8");
            }

            return RedirectUris.IsAllowed(target)
                ? Results.Redirect(RedirectUris.WithQuery(target, [new("state", context.Request.Query["state"].FirstOrDefault())]))
                : Results.BadRequest("post_logout_redirect_uri is not a loopback http(s) address");
        });
        return app;
    }
}
