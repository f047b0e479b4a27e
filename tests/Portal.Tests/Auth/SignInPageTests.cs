using System.Net;
using AiGateway.Portal.Tests.Infrastructure;

namespace AiGateway.Portal.Tests.Auth;

/// <summary>The sign-in page offers each configured single sign-on as a plain link, beside the development form when that is on.</summary>
public sealed class SignInPageTests
{
    [Fact]
    public async Task SignInPage_WithEntraAndAGenericProvider_OffersBothAsLinks_AndTheDevelopmentForm()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["PortalAuth:Entra:Instance"] = "https://login.microsoftonline.com/",
            ["PortalAuth:Entra:TenantId"] = "00000000-0000-4000-8000-000000000001",
            ["PortalAuth:Entra:ClientId"] = "00000000-0000-4000-8000-000000000002",
            ["PortalAuth:Entra:ClientSecret"] = "not-a-real-secret",
            ["PortalAuth:Oidc:Authority"] = "https://idp.example.org/realms/contoso",
            ["PortalAuth:Oidc:ClientId"] = "ai-gateway",
            ["PortalAuth:Oidc:DisplayName"] = "Keycloak",
        });
        using var client = portal.CreateClient();

        var page = await client.GetStringAsync("/signin?returnUrl=%2Fusage");

        Assert.Contains("href=\"/account/signin/entra?returnUrl=%2Fusage\"", page, StringComparison.Ordinal);
        Assert.Contains("Sign in with Microsoft Entra ID", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/signin/oidc?returnUrl=%2Fusage\"", page, StringComparison.Ordinal);
        Assert.Contains("Sign in with Keycloak", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"dev-signin\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInLink_ForAProviderNotConfigured_IsNotFound()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/account/signin/oidc");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Start_WithAnAuthorityButNoClientId_StopsNamingTheSetting()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["PortalAuth:Oidc:Authority"] = "https://idp.example.org" });

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("PortalAuth:Oidc", error.ToString(), StringComparison.Ordinal);
    }
}
