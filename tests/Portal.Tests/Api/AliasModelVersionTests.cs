using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;

namespace AiGateway.Portal.Tests.Api;

/// <summary>
/// One model version per alias by default: spillover between targets must never change the model's behaviour, so an
/// alias whose targets serve different models or versions is refused unless it says it accepts the mix.
/// </summary>
public sealed class AliasModelVersionTests : PortalTestBase
{
    [Fact]
    public async Task TargetsOfDifferentVersions_Refused_UnlessTheAliasAllowsAMix()
    {
        var backend = await CreateBackendAsync();
        var july = await CreateDeploymentAsync(backend.Id);
        var august = await DeploymentAsync(backend.Id, "gpt-4o-mini", "2024-08-06");

        var refused = await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = "mini",
            targets = new[] { new { deploymentId = july.Id, weight = 1 }, new { deploymentId = august.Id, weight = 1 } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(refused.FieldErrors("targets"));
        Assert.Contains("2024-08-06", message, StringComparison.Ordinal);
        Assert.Contains("allowMixedModelVersions", message, StringComparison.Ordinal);
        Assert.Empty(await (await Admin.GetAsync("/api/admin/aliases")).ReadAsync<List<AliasView>>(HttpStatusCode.OK));

        var allowed = await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = "mini",
            allowMixedModelVersions = true,
            targets = new[] { new { deploymentId = july.Id, weight = 1 }, new { deploymentId = august.Id, weight = 1 } },
        })).ReadAsync<AliasView>(HttpStatusCode.Created);
        Assert.True(allowed.AllowMixedModelVersions);
        Assert.Equal(2, allowed.Targets.Count);
    }

    [Fact]
    public async Task DifferentModels_Refused_ButAnUnstatedVersionDoesNotBlock()
    {
        var backend = await CreateBackendAsync();
        var mini = await CreateDeploymentAsync(backend.Id);
        var full = await DeploymentAsync(backend.Id, "gpt-4o", "2024-07-18");
        var unversioned = await DeploymentAsync(backend.Id, "gpt-4o-mini", null);

        await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = "chat",
            targets = new[] { new { deploymentId = mini.Id, weight = 1 }, new { deploymentId = full.Id, weight = 1 } },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = "chat",
            targets = new[] { new { deploymentId = mini.Id, weight = 1 }, new { deploymentId = unversioned.Id, weight = 1 } },
        })).ReadAsync<AliasView>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task DeploymentMovedToAnotherVersion_RefusedWhileItsAliasServesOneVersion()
    {
        var backend = await CreateBackendAsync();
        var first = await CreateDeploymentAsync(backend.Id);
        var second = await CreateDeploymentAsync(backend.Id);
        await CreateAliasAsync(first.Id, second.Id);

        var problem = await (await Admin.PutJsonAsync($"/api/admin/deployments/{second.Id}", new
        {
            backendId = backend.Id, name = second.Name, model = "gpt-4o-mini", modelVersion = "2024-08-06",
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("modelVersion"));
        var unchanged = await (await Admin.GetAsync($"/api/admin/deployments/{second.Id}")).ReadAsync<DeploymentView>(HttpStatusCode.OK);
        Assert.Equal("2024-07-18", unchanged.ModelVersion);
    }

    private async Task<DeploymentView> DeploymentAsync(Guid backendId, string model, string? version) =>
        await (await Admin.PostJsonAsync("/api/admin/deployments", new { backendId, name = Unique(model), model, modelVersion = version }))
            .ReadAsync<DeploymentView>(HttpStatusCode.Created);
}
