using System.Text;
using System.Text.Encodings.Web;

namespace AiGateway.OidcIssuer;

/// <summary>
/// The authorize endpoint: a sign-in page with one button per configured person (a browser test clicks a name), and
/// the form post that issues a code and sends the browser back to the client with it and the client's state.
/// </summary>
public static class AuthorizeEndpoints
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);

    public static WebApplication MapAuthorize(this WebApplication app)
    {
        app.MapGet("/authorize", (HttpContext context, IssuerConfiguration configuration) =>
        {
            var request = AuthorizationRequest.From(name => context.Request.Query[name].FirstOrDefault());
            if (request.UntrustedTargetError(configuration) is { } untrusted)
            {
                return Results.BadRequest(untrusted);
            }

            return request.ProtocolError() is { } error
                ? Results.Redirect(RedirectUris.WithQuery(request.RedirectUri!, [new("error", error), new("state", request.State)]))
                : Results.Content(LoginPage(request, configuration), "text/html; charset=utf-8");
        });

        app.MapPost("/authorize", async (HttpContext context, IssuerConfiguration configuration, AuthorizationCodes codes, TimeProvider time) =>
        {
            var form = await context.Request.ReadFormAsync();
            var request = AuthorizationRequest.From(name => form[name].FirstOrDefault());
            if (request.UntrustedTargetError(configuration) is { } untrusted)
            {
                return Results.BadRequest(untrusted);
            }

            if (request.ProtocolError() is { } error)
            {
                return Results.Redirect(RedirectUris.WithQuery(request.RedirectUri!, [new("error", error), new("state", request.State)]));
            }

            var user = configuration.Users.FirstOrDefault(u => u.Subject == form["user"].FirstOrDefault());
            if (user is null)
            {
                return Results.Redirect(RedirectUris.WithQuery(request.RedirectUri!, [new("error", "access_denied"), new("state", request.State)]));
            }

            var now = time.GetUtcNow();
            var code = codes.Issue(new IssuedCode(
                request.ClientId!, request.RedirectUri!, request.CodeChallenge!, request.Nonce, request.Scope, user, now, now + CodeLifetime));
            return Results.Redirect(RedirectUris.WithQuery(request.RedirectUri!, [new("code", code), new("state", request.State)]));
        });
        return app;
    }

    private static string LoginPage(AuthorizationRequest request, IssuerConfiguration configuration)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Test issuer: sign in</title></head><body>");
        page.Append("<h1>Test issuer</h1><p>Sign in as:</p><form method=\"post\" action=\"/authorize\">");
        foreach (var (name, value) in request.Parameters().Where(p => p.Value is not null))
        {
            page.Append($"<input type=\"hidden\" name=\"{html.Encode(name)}\" value=\"{html.Encode(value!)}\">");
        }

        foreach (var user in configuration.Users)
        {
            page.Append($"<p><button type=\"submit\" name=\"user\" value=\"{html.Encode(user.Subject)}\">{html.Encode(user.DisplayName)}</button></p>");
        }

        page.Append("</form></body></html>");
        return page.ToString();
    }
}
