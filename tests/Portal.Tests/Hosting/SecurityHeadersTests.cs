using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AiGateway.Portal.Hosting;
using AiGateway.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Tests.Hosting;

/// <summary>The headers a browser enforces: a strict Content Security Policy on pages, nothing allowed anywhere else.</summary>
public sealed class SecurityHeadersTests : PortalTestBase
{
    [Fact]
    public async Task Page_CarriesTheContentSecurityPolicyAndBrowserIsolationHeaders()
    {
        var response = await Factory.CreateClient().GetAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Directives(response);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'self' data:", policy["img-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // Development runs on plain HTTP on a developer's machine: pinning the host to HTTPS there would only hurt.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ManagementApiAnswer_CarriesThePolicyThatAllowsNothing()
    {
        var response = await Admin.GetAsync("/api/admin/teams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaderValues.NonPagePolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task GatewayAnswer_CarriesOnlyTheConstantPolicy_NotThePortals()
    {
        // A model call pays for one constant string per header, never for building a page policy.
        using var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(SecurityHeaderValues.NonPagePolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task FormActionOrigins_LetTheSignInFormReachTheIdentityProvider()
    {
        await using var factory = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["SecurityHeaders:FormActionOrigins:0"] = "https://login.example.com/tenant-id/v2.0",
            ["SecurityHeaders:FormActionOrigins:1"] = "https://idp.example.org:8443",
        });

        var response = await factory.CreateClient().GetAsync("/signin");

        Assert.Equal("'self' https://login.example.com https://idp.example.org:8443", Directives(response)["form-action"]);
    }

    [Fact]
    public void AllowFormActionTo_AddsTheOriginASignInSetUpNames()
    {
        var services = new ServiceCollection().AllowFormActionTo("https://keycloak.example.net/realms/portal");
        using var provider = services.BuildServiceProvider();

        var values = new SecurityHeaderValues(provider.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value, production: false);

        Assert.EndsWith("; form-action 'self' https://keycloak.example.net", values.PagePolicy, StringComparison.Ordinal);
    }

    [Fact]
    public void FormActionOrigins_NotAnAddress_StopsTheStartNamingTheSetting()
    {
        using var factory = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["SecurityHeaders:FormActionOrigins:0"] = "'unsafe-inline'; script-src *",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("SecurityHeaders:FormActionOrigins", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_PagesCarryTheContentSecurityPolicyAndHsts()
    {
        await using var factory = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["DataProtection:AllowUnprotectedKeyRing"] = "true",
        });

        var page = await factory.CreateClient().GetAsync("/signin");
        var health = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal("'self'", Directives(page)["script-src"]);
        Assert.StartsWith("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal(SecurityHeaderValues.NonPagePolicy, health.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(health.Headers.Contains("Strict-Transport-Security"));
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single()
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "", StringComparer.Ordinal);
}
