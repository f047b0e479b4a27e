using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Production;

/// <summary>
/// The portal started as Production over HTTPS on loopback, signing people in through the test OIDC issuer run as its
/// own process, with two teams: Payments lists Mo by UPN, Search lists nobody the tests sign in as.
/// </summary>
public sealed class ProductionPortal : IAsyncLifetime
{
    public static readonly IssuerUser Ada = new("ada-0001", new Dictionary<string, object>
    {
        ["name"] = "Ada Admin",
        ["preferred_username"] = "ada@contoso.test",
        ["roles"] = new[] { "Admin" },
    });

    public static readonly IssuerUser Mo = new("mo-0002", new Dictionary<string, object>
    {
        ["name"] = "Mo Member",
        ["upn"] = "mo@contoso.test",
        ["email"] = "mo.member@contoso.test",
        ["roles"] = new[] { "Reader" },
    });

    public OidcIssuerProcess Issuer { get; private set; } = null!;
    public PortalFactory Portal { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public TeamView Payments { get; private set; } = null!;
    public TeamView Search { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await OidcIssuerProcess.StartAsync(Ada, Mo);
        var settings = Issuer.PortalSettings();
        settings["environment"] = "Production";
        settings["Security:ApiKeyHashSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["DataProtection:AllowUnprotectedKeyRing"] = "true";
        Portal = new PortalFactory(settings: settings);
        Portal.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificate.Loopback)));
        Portal.StartServer();
        var address = Portal.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");

        using var admin = CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.BootstrapToken);
        Payments = await CreateTeamAsync(admin, "Payments");
        Search = await CreateTeamAsync(admin, "Search");
        var member = await admin.PostJsonAsync($"/api/admin/teams/{Payments.Id}/members", new { userId = "mo@contoso.test", role = "Member" });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
    }

    /// <summary>A client that behaves like a browser's cookie jar but shows every redirect to the test instead of following it.</summary>
    public HttpClient CreateClient() => new(new HttpClientHandler
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == TestCertificate.Loopback.Thumbprint,
    })
    { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    private static async Task<TeamView> CreateTeamAsync(HttpClient admin, string name)
    {
        var response = await admin.PostJsonAsync("/api/admin/teams", new { name = $"{name}-{Guid.NewGuid().ToString("N")[..6]}" });
        return await response.ReadAsync<TeamView>(HttpStatusCode.Created);
    }
}
