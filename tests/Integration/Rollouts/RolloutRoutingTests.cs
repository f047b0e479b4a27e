using System.Net;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Rollouts;

/// <summary>While a rollout runs, the alias's traffic splits by its weight, sticky per key, and testers can opt in.</summary>
public sealed class RolloutRoutingTests : RolloutTestBase
{
    [Fact]
    public async Task RolloutAtFullWeight_SendsTheAliasToGreen_AndRollBackReturnsIt()
    {
        var rollout = await StartRolloutAsync(new { stepWeights = new[] { 100 } });

        using (var response = await ChatAsync())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal((GreenDeployment, "green"), (Header(response, "x-gateway-deployment"), Header(response, "x-gateway-rollout")));
        }

        using var rollback = await Admin.PostAsync($"/api/admin/rollouts/{rollout.GetProperty("id").GetGuid()}/rollback", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await Gateway.ReloadAsync();
        using var after = await ChatAsync();
        Assert.Equal(ProvisionedDeployment, Header(after, "x-gateway-deployment"));
        Assert.Equal("", Header(after, "x-gateway-rollout"));
    }

    [Fact]
    public async Task BlueGreenWithoutWarmUp_OnlyOptedInTestersReachGreen_AndTheHeaderIsNotForwarded()
    {
        await StartRolloutAsync(new { strategy = "BlueGreen", stepWeights = new[] { 0 } });

        using var plain = await ChatAsync();
        Assert.Equal((ProvisionedDeployment, "blue"), (Header(plain, "x-gateway-deployment"), Header(plain, "x-gateway-rollout")));

        using var tester = Gateway.CreateGatewayClient(Key);
        tester.DefaultRequestHeaders.Add("x-gateway-rollout", "green");
        using var opted = await ChatAsync(tester);
        Assert.Equal((GreenDeployment, "green"), (Header(opted, "x-gateway-deployment"), Header(opted, "x-gateway-rollout")));
        Assert.Equal(1, await GreenSimulator.RequestsAsync(GreenDeployment));
    }

    [Fact]
    public async Task GreenFailing_ClientStillGetsAnAnswerFromBlue()
    {
        await StartRolloutAsync(new { stepWeights = new[] { 100 } });
        await GreenSimulator.ConfigureAsync(GreenDeployment, new { faults = new { errorRate = 1.0 } });

        using var response = await ChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((ProvisionedDeployment, "blue", "2"), (Header(response, "x-gateway-deployment"), Header(response, "x-gateway-rollout"), Header(response, "x-gateway-attempts")));
        Assert.Equal(1, await GreenSimulator.RequestsAsync(GreenDeployment));
    }
}
