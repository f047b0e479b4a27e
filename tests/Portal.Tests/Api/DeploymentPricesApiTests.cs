using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Pricing;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Tests.Api;

/// <summary>A deployment's price table over the management API: versions are scheduled, listed and, until in force, removed.</summary>
public sealed class DeploymentPricesApiTests : PortalTestBase
{
    [Fact]
    public async Task Post_ScheduledVersion_IsListedScheduledBesideTheFirstPricesInForce_AndAudited()
    {
        var deployment = await CreateDeploymentAsync((await CreateBackendAsync()).Id);
        var from = DateTimeOffset.UtcNow.AddDays(3);

        var added = await (await Admin.PostJsonAsync($"/api/admin/deployments/{deployment.Id}/prices", new
        {
            effectiveFrom = from, inputPer1K = 0.0002m, cachedInputPer1K = 0.0001m, outputPer1K = 0.0008m, reasoningPer1K = 0.001m,
        })).ReadAsync<DeploymentPriceView>(HttpStatusCode.Created);
        var batch = await (await Admin.PostJsonAsync($"/api/admin/deployments/{deployment.Id}/prices", new { serviceTier = "batch", inputPer1K = 0.0001m, outputPer1K = 0.0004m }))
            .ReadAsync<DeploymentPriceView>(HttpStatusCode.Created);

        Assert.Equal((PriceVersionState.Scheduled, "default", 0.0001m), (added.State, added.ServiceTier, added.CachedInputPer1K));
        Assert.Equal(PriceVersionState.InForce, batch.State);
        var table = await (await Admin.GetAsync($"/api/admin/deployments/{deployment.Id}/prices")).ReadAsync<List<DeploymentPriceView>>(HttpStatusCode.OK);
        Assert.Equal(
            [("default", PriceVersionState.Scheduled, 0.0002m), ("default", PriceVersionState.InForce, 0.000165m), ("batch", PriceVersionState.InForce, 0.0001m)],
            table.Select(p => (p.ServiceTier, p.State, p.InputPer1K)));
        await using var db = Factory.CreateDbContext();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.EntityId == added.Id.ToString() && e.Action == "DeploymentPrice.Created"));
    }

    [Fact]
    public async Task Delete_ScheduledVersion_Removes_ButAVersionInForceIs409()
    {
        var deployment = await CreateDeploymentAsync((await CreateBackendAsync()).Id);
        var scheduled = await (await Admin.PostJsonAsync($"/api/admin/deployments/{deployment.Id}/prices", new { effectiveFrom = DateTimeOffset.UtcNow.AddHours(1), inputPer1K = 1m, outputPer1K = 1m }))
            .ReadAsync<DeploymentPriceView>(HttpStatusCode.Created);
        var inForce = deployment.CurrentPrice!;

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/admin/deployments/{deployment.Id}/prices/{scheduled.Id}")).StatusCode);
        var problem = await (await Admin.DeleteAsync($"/api/admin/deployments/{deployment.Id}/prices/{inForce.Id}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("in force", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var table = await (await Admin.GetAsync($"/api/admin/deployments/{deployment.Id}/prices")).ReadAsync<List<DeploymentPriceView>>(HttpStatusCode.OK);
        Assert.Equal([inForce.Id], table.Select(p => p.Id));
    }

    [Fact]
    public async Task Post_InvalidVersion_Is400NamingEachField_AndWritesNothing()
    {
        var deployment = await CreateDeploymentAsync((await CreateBackendAsync()).Id);

        var problem = await (await Admin.PostJsonAsync($"/api/admin/deployments/{deployment.Id}/prices", new
        {
            serviceTier = "gold", effectiveFrom = DateTimeOffset.UtcNow.AddHours(-1), inputPer1K = -1m, outputPer1K = 2_000_000m, monthlyFixedCost = 10m,
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("serviceTier"));
        Assert.Contains("past", Assert.Single(problem.FieldErrors("effectiveFrom")), StringComparison.Ordinal);
        Assert.NotEmpty(problem.FieldErrors("inputPer1K"));
        Assert.NotEmpty(problem.FieldErrors("outputPer1K"));
        var fixedOnBatch = await (await Admin.PostJsonAsync($"/api/admin/deployments/{deployment.Id}/prices", new { serviceTier = "batch", monthlyFixedCost = 10m }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("default tier", Assert.Single(fixedOnBatch.FieldErrors("monthlyFixedCost")), StringComparison.Ordinal);
        await (await Admin.PostJsonAsync($"/api/admin/deployments/{Guid.NewGuid()}/prices", new { inputPer1K = 1m })).ProblemAsync(HttpStatusCode.NotFound);
        var table = await (await Admin.GetAsync($"/api/admin/deployments/{deployment.Id}/prices")).ReadAsync<List<DeploymentPriceView>>(HttpStatusCode.OK);
        Assert.Single(table);
    }

    [Fact]
    public async Task CreateDeployment_WithTheRetiredFlatPrices_Is400PointingToThePriceTable_AndWritesNothing()
    {
        var backend = await CreateBackendAsync();

        var problem = await (await Admin.PostJsonAsync("/api/admin/deployments", new
        {
            backendId = backend.Id, name = "gpt-4o-mini", model = "gpt-4o-mini", inputPricePer1K = 0.00015m, outputPricePer1K = 0.0006m, monthlyFixedCost = 100m,
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("price table", Assert.Single(problem.FieldErrors("inputPricePer1K")), StringComparison.Ordinal);
        Assert.NotEmpty(problem.FieldErrors("outputPricePer1K"));
        Assert.NotEmpty(problem.FieldErrors("monthlyFixedCost"));
        await using var db = Factory.CreateDbContext();
        Assert.False(await db.Deployments.AnyAsync());
    }

    [Fact]
    public async Task Prices_AsTeamMember_Are403()
    {
        var deployment = await CreateDeploymentAsync((await CreateBackendAsync()).Id);
        var member = await Factory.CreateSignedInClientAsync("member@contoso.com", "TeamMember");

        await (await member.GetAsync($"/api/admin/deployments/{deployment.Id}/prices")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostJsonAsync($"/api/admin/deployments/{deployment.Id}/prices", new { inputPer1K = 0m })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.DeleteAsync($"/api/admin/deployments/{deployment.Id}/prices/{deployment.CurrentPrice!.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
