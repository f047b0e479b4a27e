using System.Net;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Tests.Infrastructure;

/// <summary>One portal per test class, an admin client, and helpers that create what a test needs through the API itself.</summary>
public abstract class PortalTestBase : IAsyncLifetime
{
    protected PortalTestBase()
    {
        Factory = new PortalFactory();
        Admin = Factory.CreateAdminClient();
    }

    protected PortalFactory Factory { get; }
    protected HttpClient Admin { get; }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    protected async Task<TeamView> CreateTeamAsync(object? body = null)
    {
        var response = await Admin.PostJsonAsync("/api/admin/teams", body ?? new { name = Unique("team") });
        return await response.ReadAsync<TeamView>(HttpStatusCode.Created);
    }

    protected async Task<BackendView> CreateBackendAsync(string? name = null)
    {
        var response = await Admin.PostJsonAsync("/api/admin/backends", new
        {
            name = name ?? Unique("backend"),
            kind = "AzureOpenAI",
            baseUrl = "https://contoso.openai.azure.com/",
            region = "swedencentral",
            tier = "Provisioned",
            credentialKind = "ApiKey",
            apiKey = "backend-secret-0123456789",
        });
        return await response.ReadAsync<BackendView>(HttpStatusCode.Created);
    }

    protected async Task<DeploymentView> CreateDeploymentAsync(Guid backendId, string? name = null)
    {
        var response = await Admin.PostJsonAsync("/api/admin/deployments", new
        {
            backendId,
            name = name ?? Unique("gpt-4o-mini"),
            model = "gpt-4o-mini",
            modelVersion = "2024-07-18",
            capacityTokensPerMinute = 30000,
            price = new { inputPer1K = 0.000165m, outputPer1K = 0.00066m },
        });
        return await response.ReadAsync<DeploymentView>(HttpStatusCode.Created);
    }

    protected Task<AliasView> CreateAliasAsync(params Guid[] deploymentIds) => CreateAliasAsync(false, deploymentIds);

    protected async Task<AliasView> CreateAliasAsync(bool allowMixedModelVersions, params Guid[] deploymentIds)
    {
        var response = await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = Unique("alias"),
            allowMixedModelVersions,
            targets = deploymentIds.Select(id => new { deploymentId = id, weight = 1 }).ToArray(),
        });
        return await response.ReadAsync<AliasView>(HttpStatusCode.Created);
    }

    protected async Task<long> ConfigVersionAsync()
    {
        await using var db = Factory.CreateDbContext();
        return await db.ConfigVersions.Select(v => v.Version).SingleAsync();
    }
}
