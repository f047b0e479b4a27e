using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// The driver judges green against blue from the attempts it saw, on a fake clock: a faulty green is rolled back
/// within the step in which its failures become significant; a healthy one is promoted step by step to 100 percent.
/// </summary>
public sealed class RolloutDriverTests() : RolloutTestBase(new Dictionary<string, string?>
{
    // The driver ticks only when a test says so; green's backend keeps taking traffic however often it fails.
    ["Rollouts:TickSeconds"] = "3600",
    ["Gateway:CircuitFailureThreshold"] = "100",
})
{
    private const int Keys = 40;

    [Fact]
    public async Task FaultyGreen_RollsBackByItselfWithinTheStepWhereTheBreachBecomesSignificant()
    {
        var clients = await ClientsAsync();
        await GreenSimulator.ConfigureAsync(GreenDeployment, new { faults = new { errorRate = 0.5 } });
        var rollout = await StartRolloutAsync(new { stepWeights = new[] { 25, 50, 100 }, stepHoldSeconds = 60, minSamples = 12, maxErrorRateIncrease = 0.05 });
        var id = rollout.GetProperty("id").GetGuid();

        // Too few samples yet (five clients, one request each): the guards do not judge, and the step is not over.
        await SendAsync(clients.Take(5), rounds: 1, expectAllOk: true);
        await Driver.TickAsync(Ct);
        Assert.Equal("Running", (await RolloutAsync(id)).GetProperty("state").GetString());

        // Six requests a client: two keys on green (of 40 at 25 percent) already make the twelve samples.
        await SendAsync(clients, rounds: 6, expectAllOk: true);
        await Driver.TickAsync(Ct);

        var after = await RolloutAsync(id);
        Assert.Equal(("RolledBack", 0, 0), (after.GetProperty("state").GetString(), after.GetProperty("currentStep").GetInt32(), after.GetProperty("currentWeight").GetInt32()));
        var last = after.GetProperty("history").EnumerateArray().Last();
        Assert.Contains("5xx error rate", last.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rollout-driver@", last.GetProperty("actor").GetString(), StringComparison.Ordinal);
        var metrics = JsonDocument.Parse(last.GetProperty("metrics").GetString()!).RootElement;
        Assert.True(metrics.GetProperty("green").GetProperty("errorRate").GetDouble() > 0.2);
        Assert.True(metrics.GetProperty("green").GetProperty("requests").GetInt64() >= 12);
        Assert.Equal(0, metrics.GetProperty("blue").GetProperty("errors").GetInt64());

        using var audit = await Admin.GetAsync($"/api/admin/audit?entityType=Rollout&entityId={id}", Ct);
        var actors = (await ReadJsonAsync(audit, HttpStatusCode.OK)).EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ToList();
        Assert.Contains(actors, a => a!.StartsWith("rollout-driver@", StringComparison.Ordinal));

        await Gateway.ReloadAsync();
        var greenBefore = await GreenSimulator.RequestsAsync(GreenDeployment);
        await SendAsync(clients, rounds: 1, expectAllOk: true);
        Assert.Equal(greenBefore, await GreenSimulator.RequestsAsync(GreenDeployment));
    }

    [Fact]
    public async Task HealthyGreen_PromotesStepByStepTo100Percent()
    {
        var clients = await ClientsAsync();
        // Six samples: at 25 percent of 40 keys, two keys on green are enough (fewer happens about once in 7,000 runs).
        var rollout = await StartRolloutAsync(new { stepWeights = new[] { 25, 50, 100 }, stepHoldSeconds = 60, minSamples = 6 });
        var id = rollout.GetProperty("id").GetGuid();

        foreach (var weight in new[] { 25, 50, 100 })
        {
            Assert.Equal(weight, (await RolloutAsync(id)).GetProperty("currentWeight").GetInt32());
            await SendAsync(clients, rounds: 3, expectAllOk: true);
            await Driver.TickAsync(Ct);
            Assert.Equal(weight, (await RolloutAsync(id)).GetProperty("currentWeight").GetInt32());

            using var figures = await Admin.GetAsync($"/api/admin/rollouts/{id}/figures", Ct);
            var comparison = await ReadJsonAsync(figures, HttpStatusCode.OK);
            Assert.True(comparison.GetProperty("judgement").GetProperty("judged").GetBoolean());
            Assert.Equal(0, comparison.GetProperty("green").GetProperty("errors").GetInt64());

            Gateway.Clock.Advance(TimeSpan.FromSeconds(60));
            await Driver.TickAsync(Ct);
            await Gateway.ReloadAsync();
        }

        var promoted = await RolloutAsync(id);
        Assert.Equal(("Promoted", 100), (promoted.GetProperty("state").GetString(), promoted.GetProperty("currentWeight").GetInt32()));
        Assert.Contains("Promoted", promoted.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Green took the provisioned target's place; the pay-as-you-go target stays.
        using var alias = await Admin.GetAsync($"/api/admin/aliases/{ChatAliasId}", Ct);
        var targets = (await ReadJsonAsync(alias, HttpStatusCode.OK)).GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("deploymentId").GetGuid()).ToHashSet();
        Assert.Equal([GreenDeploymentId, StandardDeploymentId], targets);
        using var response = await ChatAsync(clients[0]);
        Assert.Equal(GreenDeployment, Header(response, "x-gateway-deployment"));
    }

    [Fact]
    public async Task BlueGreen_TestersOnlyWarmUp_SwitchesTheWholeAliasAtOnceAfterItsMinimumRequests()
    {
        var clients = await ClientsAsync();
        var rollout = await StartRolloutAsync(new { strategy = "BlueGreen", stepWeights = new[] { 0 }, stepHoldSeconds = 60, stepMinRequests = 20, minSamples = 10 });
        var id = rollout.GetProperty("id").GetGuid();
        using var tester = Gateway.CreateGatewayClient(Key);
        tester.DefaultRequestHeaders.Add("x-gateway-rollout", "green");

        await SendAsync(clients, rounds: 1, expectAllOk: true);
        Assert.Equal(0, await GreenSimulator.RequestsAsync(GreenDeployment));
        await SendAsync([tester], rounds: 10, expectAllOk: true);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(60));
        await Driver.TickAsync(Ct);
        Assert.Equal("Running", (await RolloutAsync(id)).GetProperty("state").GetString());

        // One more than needed: the gateway counts an attempt just after its answer went out, so the very last one
        // may not be counted yet when the test's tick runs.
        await SendAsync([tester], rounds: 11, expectAllOk: true);
        await Driver.TickAsync(Ct);
        await Gateway.ReloadAsync();

        Assert.Equal("Promoted", (await RolloutAsync(id)).GetProperty("state").GetString());
        foreach (var client in clients)
        {
            using var response = await ChatAsync(client);
            Assert.Equal(GreenDeployment, Header(response, "x-gateway-deployment"));
        }
    }

    [Fact]
    public async Task BlueGreen_FaultyGreenSeenByTesters_IsPausedWhenSoConfigured()
    {
        await GreenSimulator.ConfigureAsync(GreenDeployment, new { faults = new { errorRate = 1.0 } });
        var rollout = await StartRolloutAsync(new { strategy = "BlueGreen", stepWeights = new[] { 0 }, stepHoldSeconds = 60, minSamples = 10, onBreach = "Pause" });
        var id = rollout.GetProperty("id").GetGuid();
        using var tester = Gateway.CreateGatewayClient(Key);
        tester.DefaultRequestHeaders.Add("x-gateway-rollout", "green");

        await SendAsync([tester], rounds: 10, expectAllOk: true);
        await Driver.TickAsync(Ct);

        var paused = await RolloutAsync(id);
        Assert.Equal(("Paused", 0), (paused.GetProperty("state").GetString(), paused.GetProperty("currentWeight").GetInt32()));
        Gateway.Clock.Advance(TimeSpan.FromSeconds(120));
        await Driver.TickAsync(Ct);
        Assert.Equal("Paused", (await RolloutAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task GreenDisabledMidRollout_EveryoneStaysOnBlue_AndTheDriverPausesInsteadOfPromoting()
    {
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 100 }, stepHoldSeconds = 60 })).GetProperty("id").GetGuid();
        using var disable = await Admin.PutAsJsonAsync($"/api/admin/deployments/{GreenDeploymentId}", new
        {
            backendId = (await ReadJsonAsync(await Admin.GetAsync($"/api/admin/deployments/{GreenDeploymentId}", Ct), HttpStatusCode.OK)).GetProperty("backendId").GetGuid(),
            name = GreenDeployment,
            model = "gpt-4o-mini",
            enabled = false,
        }, GatewayFactory.Json, Ct);
        await ReadJsonAsync(disable, HttpStatusCode.OK);
        await Gateway.ReloadAsync();

        using (var response = await ChatAsync())
        {
            Assert.Equal((ProvisionedDeployment, "blue"), (Header(response, "x-gateway-deployment"), Header(response, "x-gateway-rollout")));
        }

        Gateway.Clock.Advance(TimeSpan.FromSeconds(60));
        await Driver.TickAsync(Ct);

        var paused = await RolloutAsync(id);
        Assert.Equal("Paused", paused.GetProperty("state").GetString());
        Assert.Contains("disabled", paused.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var promote = await Admin.PostAsync($"/api/admin/rollouts/{id}/promote", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, promote.StatusCode);
    }

    private Task<List<HttpClient>> ClientsAsync() => ClientsAsync(Keys);
}
