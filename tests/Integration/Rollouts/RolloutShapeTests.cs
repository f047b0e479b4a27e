using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// A rollout replaces one of the alias's targets (blue) by green, in its tier and weight, and leaves the others: the
/// alias keeps its shape (provisioned first, pay-as-you-go when it fails) on green's side and after promotion.
/// </summary>
public sealed class RolloutShapeTests() : RolloutTestBase(new Dictionary<string, string?>
{
    ["Rollouts:TickSeconds"] = "3600",
    ["Gateway:CircuitFailureThreshold"] = "100",
})
{
    [Fact]
    public async Task Promote_GreenReplacingTheProvisionedTarget_TakesItsPlace_AndSpilloverToPayGoStays()
    {
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 50, 100 }, fromDeploymentId = ProvisionedDeploymentId })).GetProperty("id").GetGuid();

        using var promote = await Admin.PostAsync($"/api/admin/rollouts/{id}/promote", null, Ct);
        await ReadJsonAsync(promote, HttpStatusCode.OK);
        await Gateway.ReloadAsync();

        using var alias = await Admin.GetAsync($"/api/admin/aliases/{ChatAliasId}", Ct);
        var targets = (await ReadJsonAsync(alias, HttpStatusCode.OK)).GetProperty("targets").EnumerateArray()
            .ToDictionary(t => t.GetProperty("deploymentId").GetGuid(), t => (t.GetProperty("weight").GetInt32(), t.GetProperty("priorityTier").ValueKind == System.Text.Json.JsonValueKind.Null ? (int?)null : t.GetProperty("priorityTier").GetInt32()));
        // Green's backend is pay-as-you-go, so the provisioned tier it took over is written out.
        Assert.Equal(new Dictionary<Guid, (int, int?)> { [GreenDeploymentId] = (1, 0), [StandardDeploymentId] = (1, null) }, targets);
        using (var first = await ChatAsync())
        {
            Assert.Equal((HttpStatusCode.OK, GreenDeployment), (first.StatusCode, Header(first, "x-gateway-deployment")));
        }

        await GreenSimulator.ConfigureAsync(GreenDeployment, new { faults = new { errorRate = 1.0 } });
        using var spilled = await ChatAsync();
        Assert.Equal((HttpStatusCode.OK, StandardDeployment, "2"), (spilled.StatusCode, Header(spilled, "x-gateway-deployment"), Header(spilled, "x-gateway-attempts")));
    }

    [Fact]
    public async Task GreenSide_GreenReplacingThePayGoTarget_StillTriesProvisionedFirst_AndGreenInPayGosPlace()
    {
        await StartRolloutAsync(new { stepWeights = new[] { 100 }, fromDeploymentId = StandardDeploymentId });

        using (var first = await ChatAsync())
        {
            Assert.Equal((HttpStatusCode.OK, ProvisionedDeployment), (first.StatusCode, Header(first, "x-gateway-deployment")));
        }

        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        using var spilled = await ChatAsync();
        Assert.Equal((HttpStatusCode.OK, GreenDeployment, "green"), (spilled.StatusCode, Header(spilled, "x-gateway-deployment"), Header(spilled, "x-gateway-rollout")));
        Assert.Equal(0, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task Create_AliasWithTwoTargetsOfGreensModel_WithoutFromDeployment_Is400NamingTheField()
    {
        using var missing = await Admin.PostAsJsonAsync("/api/admin/rollouts", new { aliasId = ChatAliasId, toDeploymentId = GreenDeploymentId }, GatewayFactory.Json, Ct);
        var problem = await ReadJsonAsync(missing, HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("fromDeploymentId").EnumerateArray()).GetString();
        Assert.Contains(ProvisionedDeployment, message, StringComparison.Ordinal);
        Assert.Contains(StandardDeployment, message, StringComparison.Ordinal);

        using var notATarget = await Admin.PostAsJsonAsync("/api/admin/rollouts", new { aliasId = ChatAliasId, toDeploymentId = GreenDeploymentId, fromDeploymentId = Guid.NewGuid() }, GatewayFactory.Json, Ct);
        Assert.True((await ReadJsonAsync(notATarget, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("fromDeploymentId", out _));
    }
}
