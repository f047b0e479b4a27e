using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>
/// A team limited to regions never reaches a deployment outside them, failover included, and when nothing in its
/// regions can serve it hears so: 503 <c>no_deployment_in_allowed_regions</c>, not a rate limit. The alias <c>chat</c>
/// has its provisioned deployment in swedencentral and its standard one in eastus.
/// </summary>
public sealed class ResidencyTests : GatewayTestBase
{
    [Fact]
    public async Task InRegionDeploymentFails_NeverFailsOverToAnotherRegion_503SaysWhy()
    {
        await LimitRegionsAsync("swedencentral");
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("no_deployment_in_allowed_regions", error.GetProperty("code").GetString());
        Assert.Contains("swedencentral", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("true", Header(response, "x-should-retry"));
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(1, await Simulator.RequestsAsync(ProvisionedDeployment));
        Assert.Equal(0, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task InRegionDeploymentThrottled_503WithItsRecoveryTime_NotA429_AndNothingElsewhere()
    {
        await LimitRegionsAsync("swedencentral");
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 4000 } });

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("no_deployment_in_allowed_regions", error.GetProperty("code").GetString());
        Assert.Equal("4000", Header(response, "retry-after-ms"));
        Assert.Equal(0, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task RegionHealthy_ServedThereEveryTime()
    {
        await LimitRegionsAsync("eastus");

        for (var i = 0; i < 6; i++)
        {
            using var response = await ChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(StandardDeployment, Header(response, "x-gateway-deployment"));
        }

        Assert.Equal(0, await Simulator.RequestsAsync(ProvisionedDeployment));
    }

    [Fact]
    public async Task AliasWithNoTargetInTheTeamsRegions_AdminApiWarns_AndTheTeamGetsA503ThatRetryingCannotFix()
    {
        await LimitRegionsAsync("westeurope");

        var alias = await ReadJsonAsync(await Admin.GetAsync($"/api/admin/aliases/{ChatAliasId}", Ct), HttpStatusCode.OK);
        var warning = Assert.Single(alias.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("Contoso Search", warning, StringComparison.Ordinal);
        Assert.Contains("westeurope", warning, StringComparison.Ordinal);

        using var response = await ChatAsync();
        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("no_deployment_in_allowed_regions", error.GetProperty("code").GetString());
        Assert.Equal("false", Header(response, "x-should-retry"));
        Assert.Equal(0, await Simulator.TotalRequestsAsync());

        // Widening the team's regions clears the warning.
        await LimitRegionsAsync("westeurope", "eastus");
        var fixedAlias = await ReadJsonAsync(await Admin.GetAsync($"/api/admin/aliases/{ChatAliasId}", Ct), HttpStatusCode.OK);
        Assert.Empty(fixedAlias.GetProperty("warnings").EnumerateArray());
    }

    private async Task LimitRegionsAsync(params string[] regions)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/admin/teams/{TeamId}", new { name = "Contoso Search", allowedRegions = regions }, GatewayFactory.Json, Ct);
        await ReadJsonAsync(response, HttpStatusCode.OK);
        await Gateway.ReloadAsync();
    }
}
