using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;

namespace AiGateway.Portal.Tests.Api;

public sealed class AliasesAndQuotasApiTests : PortalTestBase
{
    [Fact]
    public async Task Alias_CreateWithWeightedTargets_ThenReplaceTargets()
    {
        var backend = await CreateBackendAsync();
        var blue = await CreateDeploymentAsync(backend.Id);
        var green = await CreateDeploymentAsync(backend.Id);

        var alias = await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = "gpt-4o-mini",
            targets = new[] { new { deploymentId = blue.Id, weight = 9 }, new { deploymentId = green.Id, weight = 1 } },
        })).ReadAsync<AliasView>(HttpStatusCode.Created);
        Assert.Equal([(blue.Id, 9), (green.Id, 1)], alias.Targets.Select(t => (t.DeploymentId, t.Weight)));
        var blueTargetId = alias.Targets.Single(t => t.DeploymentId == blue.Id).Id;

        var updated = await (await Admin.PutJsonAsync($"/api/admin/aliases/{alias.Id}", new
        {
            name = "gpt-4o-mini",
            targets = new[] { new { deploymentId = blue.Id, weight = 1 } },
        })).ReadAsync<AliasView>(HttpStatusCode.OK);

        var target = Assert.Single(updated.Targets);
        Assert.Equal((blueTargetId, 1), (target.Id, target.Weight));
        await (await Admin.PostJsonAsync("/api/admin/aliases", new { name = "gpt-4o-mini", targets = new[] { new { deploymentId = blue.Id } } }))
            .ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Alias_InvalidNameNoTargetsAndUnknownDeployment_Are400()
    {
        var problem = await (await Admin.PostJsonAsync("/api/admin/aliases", new { name = "bad name/with slash", targets = Array.Empty<object>() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.NotEmpty(problem.FieldErrors("targets"));

        var unknown = await (await Admin.PostJsonAsync("/api/admin/aliases", new { name = "ok", targets = new[] { new { deploymentId = Guid.NewGuid(), weight = 1 } } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(unknown.FieldErrors("targets[0].deploymentId"));
    }

    [Fact]
    public async Task Deployment_TargetOfAnAlias_CannotBeDeleted()
    {
        var backend = await CreateBackendAsync();
        var deployment = await CreateDeploymentAsync(backend.Id);
        var alias = await CreateAliasAsync(deployment.Id);

        var problem = await (await Admin.DeleteAsync($"/api/admin/deployments/{deployment.Id}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains(alias.Name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaPolicies_TeamKeyAndTeamAliasScopes_OnePerSubject()
    {
        var team = await CreateTeamAsync();
        var backend = await CreateBackendAsync();
        var alias = await CreateAliasAsync((await CreateDeploymentAsync(backend.Id)).Id);
        var key = await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "svc" })).ReadAsync<IssuedApiKey>(HttpStatusCode.Created);

        var teamPolicy = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "Team", teamId = team.Id, requestsPerMinute = 60, tokensPerMinute = 10000 }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.Created);
        var keyPolicy = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "Key", apiKeyId = key.Key.Id, dailyTokenBudget = 100000 }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.Created);
        var aliasPolicy = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "TeamAlias", teamId = team.Id, aliasId = alias.Id, maxTokensPerRequest = 256 }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.Created);

        Assert.Equal(team.Id, keyPolicy.TeamId);
        var listed = await (await Admin.GetAsync($"/api/admin/quota-policies?teamId={team.Id}")).ReadAsync<List<QuotaPolicyView>>(HttpStatusCode.OK);
        Assert.Equal(
            new[] { teamPolicy.Id, keyPolicy.Id, aliasPolicy.Id }.Order(),
            listed.Select(p => p.Id).Order());
        await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "Team", teamId = team.Id, requestsPerMinute = 1 })).ProblemAsync(HttpStatusCode.Conflict);

        var updated = await (await Admin.PutJsonAsync($"/api/admin/quota-policies/{teamPolicy.Id}", new { scope = "Team", teamId = team.Id, requestsPerMinute = 120 }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.OK);
        Assert.Equal((120, (int?)null), (updated.RequestsPerMinute, updated.TokensPerMinute));
        Assert.Equal(QuotaScope.Team, updated.Scope);
    }

    [Fact]
    public async Task QuotaPolicy_NoLimitsAndMissingSubject_Is400()
    {
        var problem = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "TeamAlias" })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("limits"));
        Assert.NotEmpty(problem.FieldErrors("aliasId"));
        Assert.NotEmpty(problem.FieldErrors("teamId"));
    }
}
