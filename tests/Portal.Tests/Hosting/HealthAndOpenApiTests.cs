using System.Net;
using System.Text.Json;
using AiGateway.Portal.Tests.Infrastructure;

namespace AiGateway.Portal.Tests.Hosting;

public sealed class HealthAndOpenApiTests : PortalTestBase
{
    [Fact]
    public async Task Healthz_IsHealthyWithoutCredentials()
    {
        var response = await Factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_ReportsTheDatabaseCheck()
    {
        var response = await Factory.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_DatabaseGone_StaysReadyOnTheSnapshotAndReportsDegraded()
    {
        // Its own portal: the other tests in this class need their database.
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient();
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.EnsureDeletedAsync();
        }

        var response = await client.GetAsync("/readyz");

        // The gateway still serves its last configuration, so the replica stays in rotation; the report says why it is degraded.
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("gateway-configuration").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheManagementApi()
    {
        var response = await Factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/admin/teams", "/api/admin/teams/{teamId}/keys", "/api/admin/keys/{id}/rotate", "/api/admin/backends", "/api/admin/deployments", "/api/admin/aliases", "/api/admin/quota-policies", "/api/admin/audit" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var response = await Factory.CreateClient().GetAsync("/healthz");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
