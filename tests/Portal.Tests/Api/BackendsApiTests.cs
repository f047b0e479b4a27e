using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Backends;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Api;

public sealed class BackendsApiTests : PortalTestBase
{
    private const string BackendSecret = "backend-secret-0123456789";

    [Fact]
    public async Task Create_ApiKeyIsEncryptedAtRest_AndNeverReturned()
    {
        var backend = await CreateBackendAsync();

        Assert.True(backend.HasApiKey);
        var everything = await (await Admin.GetAsync("/api/admin/backends")).Content.ReadAsStringAsync()
            + await (await Admin.GetAsync($"/api/admin/audit?entityId={backend.Id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(BackendSecret, everything, StringComparison.Ordinal);

        await using var db = Factory.CreateDbContext();
        var stored = await db.Backends.SingleAsync(b => b.Id == backend.Id);
        Assert.NotEqual(BackendSecret, stored.ProtectedApiKey);
        Assert.Equal(BackendSecret, Factory.Services.GetRequiredService<BackendSecretProtector>().TryUnprotect(stored.ProtectedApiKey));
    }

    [Fact]
    public async Task Update_WithoutApiKey_KeepsTheStoredKey()
    {
        var backend = await CreateBackendAsync();
        string? before;
        await using (var db = Factory.CreateDbContext())
        {
            before = (await db.Backends.SingleAsync(b => b.Id == backend.Id)).ProtectedApiKey;
        }

        var updated = await (await Admin.PutJsonAsync($"/api/admin/backends/{backend.Id}", new
        {
            name = backend.Name, kind = "AzureOpenAI", baseUrl = "https://other.openai.azure.com/", tier = "Standard", credentialKind = "ApiKey",
        })).ReadAsync<BackendView>(HttpStatusCode.OK);

        Assert.Equal("https://other.openai.azure.com/", updated.BaseUrl);
        await using (var db = Factory.CreateDbContext())
        {
            Assert.Equal(before, (await db.Backends.SingleAsync(b => b.Id == backend.Id)).ProtectedApiKey);
        }
    }

    [Fact]
    public async Task Create_BadUrlAndMissingKey_Is400NamingBothFields()
    {
        var problem = await (await Admin.PostJsonAsync("/api/admin/backends", new { name = "b", baseUrl = "ftp://nope", credentialKind = "ApiKey" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("baseUrl"));
        Assert.NotEmpty(problem.FieldErrors("apiKey"));
    }

    [Fact]
    public async Task Delete_BackendWithDeployments_Is409_ThenSucceedsOnceEmpty()
    {
        var backend = await CreateBackendAsync();
        var deployment = await CreateDeploymentAsync(backend.Id);

        await (await Admin.DeleteAsync($"/api/admin/backends/{backend.Id}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/admin/deployments/{deployment.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/admin/backends/{backend.Id}")).StatusCode);
    }

    [Fact]
    public async Task Deployments_CreateUpdateList_AndValidation()
    {
        var backend = await CreateBackendAsync();
        var deployment = await CreateDeploymentAsync(backend.Id, "gpt-4o");

        var updated = await (await Admin.PutJsonAsync($"/api/admin/deployments/{deployment.Id}", new
        {
            backendId = backend.Id, name = "gpt-4o", model = "gpt-4o", capacityTokensPerMinute = 90000,
        })).ReadAsync<DeploymentView>(HttpStatusCode.OK);
        Assert.Equal(90000, updated.CapacityTokensPerMinute);

        var listed = await (await Admin.GetAsync($"/api/admin/deployments?backendId={backend.Id}")).ReadAsync<List<DeploymentView>>(HttpStatusCode.OK);
        Assert.Equal([deployment.Id], listed.Select(d => d.Id));

        await (await Admin.PostJsonAsync("/api/admin/deployments", new { backendId = backend.Id, name = "gpt-4o", model = "gpt-4o" })).ProblemAsync(HttpStatusCode.Conflict);
        var problem = await (await Admin.PostJsonAsync("/api/admin/deployments", new { backendId = Guid.NewGuid(), name = "x", model = "x", price = new { inputPer1K = -1 } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("price.inputPer1K"));

        // Prices change by versions only, so that an update cannot re-price recorded usage.
        var repriced = await (await Admin.PutJsonAsync($"/api/admin/deployments/{deployment.Id}", new
        {
            backendId = backend.Id, name = "gpt-4o", model = "gpt-4o", price = new { inputPer1K = 1m },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(repriced.FieldErrors("price"));
    }
}
