using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AiGateway.Browser.Tests.Infrastructure;
using AiGateway.Portal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AiGateway.Browser.Tests;

/// <summary>
/// A person signs in to a Production-mode portal (HTTPS, no demo, no development sign-in) through a real OpenID Connect
/// issuer in Chromium: the provider's button, their name on the issuer's page, back on the dashboard seeing only
/// their team.
/// </summary>
public sealed class SingleSignOnTests(BrowserFixture browser) : IAsyncLifetime
{
    private const float TimeoutMs = 20_000;
    private static readonly string BootstrapToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    private static readonly IssuerUser Mo = new("mo-0002", new Dictionary<string, object>
    {
        ["name"] = "Mo Member",
        ["upn"] = "mo@contoso.test",
        ["roles"] = Array.Empty<string>(),
    });

    private static readonly IssuerUser Ada = new("ada-0001", new Dictionary<string, object>
    {
        ["name"] = "Ada Admin",
        ["preferred_username"] = "ada@contoso.test",
        ["roles"] = new[] { "Admin" },
    });

    private OidcIssuerProcess _issuer = null!;
    private PortalHost _host = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private string _payments = "";
    private string _search = "";

    public async ValueTask InitializeAsync()
    {
        _issuer = await OidcIssuerProcess.StartAsync(Mo, Ada);
        var settings = _issuer.PortalSettings();
        settings["Security:ApiKeyHashSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["DataProtection:AllowUnprotectedKeyRing"] = "true";
        settings["Admin:BootstrapToken"] = BootstrapToken;
        _host = new PortalHost("Production", settings, TestCertificate.Loopback);
        await SeedTeamsAsync();

        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _host.BaseAddress.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        _context.SetDefaultTimeout(TimeoutMs);
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Member_SignsInAtTheIssuer_LandsOnTheDashboard_AndSeesOnlyTheirTeam()
    {
        await _page.GotoAsync("/");
        Assert.Contains("/signin", _page.Url, StringComparison.Ordinal);
        await Assertions.Expect(_page.GetByTestId("dev-signin")).ToHaveCountAsync(0);

        await _page.GetByText($"Sign in with {OidcIssuerProcess.DisplayName}").ClickAsync();
        await _page.WaitForURLAsync($"{_issuer.Issuer}/authorize**");
        await _page.GetByRole(AriaRole.Button, new() { Name = Mo.Name }).ClickAsync();

        await _page.WaitForURLAsync(_host.BaseAddress.ToString());
        await WaitForCircuitAsync();
        await Assertions.Expect(_page.GetByTestId("signed-in-user")).ToHaveTextAsync("Mo Member");
        await Assertions.Expect(_page.GetByText(_search)).ToHaveCountAsync(0);

        await _page.GotoAsync("/teams");
        await WaitForCircuitAsync();
        await Assertions.Expect(_page.GetByTestId($"team-link-{_payments}")).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByTestId($"team-link-{_search}")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_SignsOut_AndIsSignedOutAtThePortalAndTheIssuer()
    {
        await _page.GotoAsync("/signin");
        await _page.GetByText($"Sign in with {OidcIssuerProcess.DisplayName}").ClickAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = Ada.Name }).ClickAsync();
        await _page.WaitForURLAsync(_host.BaseAddress.ToString());
        await WaitForCircuitAsync();
        await Assertions.Expect(_page.GetByTestId("signed-in-user")).ToHaveTextAsync("Ada Admin");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // Through the issuer's end-session endpoint and back to the portal's sign-in page.
        await _page.WaitForURLAsync(new Uri(_host.BaseAddress, "/signin").ToString());
        await _page.GotoAsync("/teams");
        Assert.Contains("/signin", _page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await _context.CookiesAsync(), c => c.Name == "__Host-aigw.auth");
    }

    private Task WaitForCircuitAsync() =>
        _page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    private async Task SeedTeamsAsync()
    {
        using var admin = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == TestCertificate.Loopback.Thumbprint,
        })
        { BaseAddress = _host.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BootstrapToken);
        _payments = $"Payments-{Guid.NewGuid().ToString("N")[..6]}";
        _search = $"Search-{Guid.NewGuid().ToString("N")[..6]}";
        var payments = await CreateTeamAsync(admin, _payments);
        await CreateTeamAsync(admin, _search);
        var member = await admin.PostAsJsonAsync($"/api/admin/teams/{payments}/members", new { userId = "mo@contoso.test", role = "Member" });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
    }

    private static async Task<Guid> CreateTeamAsync(HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/teams", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }
}
