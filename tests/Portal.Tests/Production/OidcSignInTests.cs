using System.Net;
using System.Text.RegularExpressions;
using AiGateway.Portal.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace AiGateway.Portal.Tests.Production;

/// <summary>
/// Signing in to a Production-mode portal through a real OpenID Connect issuer, over HTTP as a browser would: the
/// development sign-in is gone, pages challenge, the code flow with PKCE ends in a Secure <c>__Host-</c> session with
/// the portal's roles, and sign-out ends the session in the portal and at the issuer.
/// </summary>
public sealed partial class OidcSignInTests(ProductionPortal production) : IClassFixture<ProductionPortal>
{
    [Fact]
    public async Task DevelopmentSignIn_InProduction_IsNotOffered()
    {
        using var client = production.CreateClient();

        var json = await client.PostJsonAsync("/account/dev/signin", new { userId = "intruder", role = "Admin" });
        var form = await client.PostAsync("/account/dev/signin-form", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "intruder", ["role"] = "Admin" }));
        var page = await client.GetStringAsync("/signin");

        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        Assert.DoesNotContain("dev-signin", page, StringComparison.Ordinal);
        Assert.Contains($"Sign in with {OidcIssuerProcess.DisplayName}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageRequest_SignedOut_IsChallengedAtTheIssuerWithPkceStateAndNonce()
    {
        using var client = production.CreateClient();

        var page = await client.GetAsync("/teams");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.AbsolutePath : page.Headers.Location.OriginalString.Split('?')[0]);
        var signInPage = await client.GetStringAsync("/signin?returnUrl=%2Fteams");
        Assert.Contains("href=\"/account/signin/oidc?returnUrl=%2Fteams\"", signInPage, StringComparison.Ordinal);

        var challenge = await client.GetAsync("/account/signin/oidc?returnUrl=%2Fteams");

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal($"{production.Issuer.Issuer}/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(OidcIssuerProcess.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        // The code comes back in the query (the default for the code flow, so the parameter may be left out).
        Assert.True(!query.ContainsKey("response_mode") || query["response_mode"] == "query");
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.Equal(new Uri(production.BaseAddress, "/account/oidc/callback").ToString(), query["redirect_uri"]);
        // The correlation and nonce cookies must come back on the issuer's top-level GET redirect: Lax, and Secure.
        var flowCookies = challenge.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(flowCookies);
        Assert.All(flowCookies, c => Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(flowCookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Admin_SignsInThroughTheCodeFlow_WithASecureHostOnlySessionAndTheAdminRole()
    {
        using var client = production.CreateClient();

        var signedIn = await SignInAsync(client, ProductionPortal.Ada, "/teams");

        Assert.Equal("/teams", signedIn.Headers.Location!.OriginalString);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-aigw.auth=", StringComparison.Ordinal));
        Assert.Contains("path=/", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);

        var teams = await client.GetAsync("/api/admin/teams");
        Assert.Equal(HttpStatusCode.OK, teams.StatusCode);
        var page = await client.GetStringAsync("/teams");
        Assert.Contains("Ada Admin", page, StringComparison.Ordinal);
        Assert.Contains(production.Search.Name, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_ListedByUpn_SeesTheirTeamOnly_AndNoAdminApi()
    {
        using var client = production.CreateClient();

        await SignInAsync(client, ProductionPortal.Mo, "/teams");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/teams")).StatusCode);
        var page = await client.GetStringAsync("/teams");
        Assert.Contains("Mo Member", page, StringComparison.Ordinal);
        Assert.Contains(production.Payments.Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain(production.Search.Name, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithAReturnUrlOnAnotherSite_LandsOnThePortal()
    {
        using var client = production.CreateClient();

        var signedIn = await SignInAsync(client, ProductionPortal.Mo, "https://evil.example/phish");

        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_ClearsTheSession_AndEndsItAtTheIssuer()
    {
        using var client = production.CreateClient();
        await SignInAsync(client, ProductionPortal.Ada, "/teams");
        var token = AntiforgeryToken(await client.GetStringAsync("/teams"));

        var signOut = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-aigw.auth=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        var endSession = signOut.Headers.Location!;
        Assert.Equal($"{production.Issuer.Issuer}/logout", endSession.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(endSession.Query);
        Assert.False(string.IsNullOrEmpty(query["id_token_hint"]));
        Assert.Equal(new Uri(production.BaseAddress, "/account/oidc/signed-out").ToString(), query["post_logout_redirect_uri"]);

        var backFromIssuer = await client.GetAsync(endSession);
        var signedOut = await client.GetAsync(backFromIssuer.Headers.Location);
        Assert.Equal("/signin", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/admin/teams")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused_AndTheSessionStays()
    {
        using var client = production.CreateClient();
        await SignInAsync(client, ProductionPortal.Ada);

        var signOut = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/teams")).StatusCode);
    }

    [Fact]
    public async Task Callback_ReplayedInAnotherBrowser_IsSentBackToSignIn_NotAServerError()
    {
        using var first = production.CreateClient();
        var callback = await CallbackAsync(first, ProductionPortal.Ada, "/");
        await first.GetAsync(callback);

        using var second = production.CreateClient();
        var replayed = await second.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/signin?error=failed", replayed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/admin/teams")).StatusCode);
    }

    /// <summary>The whole code flow: the portal's challenge, the person's button on the issuer's page, the callback.</summary>
    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, IssuerUser user, string returnUrl = "/")
    {
        var signedIn = await client.GetAsync(await CallbackAsync(client, user, returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn;
    }

    private async Task<Uri> CallbackAsync(HttpClient client, IssuerUser user, string returnUrl)
    {
        var challenge = await client.GetAsync($"/account/signin/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var authorize = challenge.Headers.Location!;
        var loginPage = await client.GetStringAsync(authorize);
        Assert.Contains($"value=\"{user.Subject}\"", loginPage, StringComparison.Ordinal);

        // What the issuer's form posts when the person's button is clicked: the request's parameters and who they are.
        var fields = QueryHelpers.ParseQuery(authorize.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["user"] = user.Subject;
        var chosen = await client.PostAsync(new Uri(authorize, "/authorize"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var callback = chosen.Headers.Location!;
        Assert.StartsWith(new Uri(production.BaseAddress, "/account/oidc/callback?").ToString(), callback.ToString(), StringComparison.Ordinal);
        return callback;
    }

    private static string AntiforgeryToken(string html) =>
        VerificationToken().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex VerificationToken();
}
