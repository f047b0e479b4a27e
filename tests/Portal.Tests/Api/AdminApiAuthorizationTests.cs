using System.Net;
using System.Net.Http.Headers;
using AiGateway.Portal.Tests.Infrastructure;

namespace AiGateway.Portal.Tests.Api;

public sealed class AdminApiAuthorizationTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData("/api/admin/teams")]
    [InlineData("/api/admin/backends")]
    [InlineData("/api/admin/audit")]
    [InlineData("/api/admin/configuration")]
    public async Task Get_WithoutCredentials_Is401Problem(string url)
    {
        var response = await _factory.CreateClient().GetAsync(url);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithWrongBearerToken_Is401()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.BootstrapToken + "x");

        var response = await client.GetAsync("/api/admin/teams");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_AsSignedInTeamMember_Is403AndWritesNothing()
    {
        var client = await _factory.CreateSignedInClientAsync("member@contoso.com", "TeamMember");

        var response = await client.PostJsonAsync("/api/admin/teams", new { name = "Sneaky" });

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Admin role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = _factory.CreateDbContext();
        Assert.Empty(db.Teams);
    }

    [Theory]
    [InlineData("/api/admin/requests")]
    [InlineData("/api/admin/throttle-events")]
    [InlineData("/api/admin/traffic/live")]
    public async Task Get_ExplorersAsSignedInTeamMember_Is403(string url)
    {
        // Members search their own teams' requests in the portal; the management API is every team's, so admins only.
        var client = await _factory.CreateSignedInClientAsync("member@contoso.com", "TeamMember");

        var response = await client.GetAsync(url);

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_AsSignedInAdmin_Is200()
    {
        var client = await _factory.CreateSignedInClientAsync("admin@contoso.com", "Admin");

        var response = await client.GetAsync("/api/admin/teams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithBootstrapToken_Is200()
    {
        var response = await _factory.CreateAdminClient().GetAsync("/api/admin/teams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_BootstrapTokenUnset_TokenIsNotAccepted()
    {
        await using var factory = new PortalFactory(settings: new Dictionary<string, string?> { ["Admin:BootstrapToken"] = "" });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "");

        var response = await client.GetAsync("/api/admin/teams");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Start_BootstrapTokenShorterThan32Characters_FailsNamingTheSetting()
    {
        await using var factory = new PortalFactory(settings: new Dictionary<string, string?> { ["Admin:BootstrapToken"] = "too-short" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Admin:BootstrapToken", error.ToString(), StringComparison.Ordinal);
    }
}
