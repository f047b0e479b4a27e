using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>Under the headroom strategy traffic leaves a deployment that is running out before it answers 429.</summary>
public sealed class HeadroomRoutingTests : CapacityTestBase
{
    private const string Alias = "spread";

    [Fact]
    public async Task Headroom_MovesTrafficToTheDeploymentWithRoom_BeforeAny429()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { requestsPerMinute = 5 });
        await Simulator.ConfigureAsync(StandardDeployment, new { requestsPerMinute = 5 });
        // No capacity configured: the gateway learns both from the backend's rate-limit headers.
        var busy = await LimitedDeploymentAsync("sim-a", ProvisionedDeployment);
        var free = await LimitedDeploymentAsync("sim-b", StandardDeployment);
        await AliasAsync(Alias, new { routingStrategy = "Headroom" }, busy, free);
        // Another client of the same deployment has used four of its five requests this minute.
        for (var i = 0; i < 4; i++)
        {
            using var direct = await DirectAsync(ProvisionedDeployment);
            direct.EnsureSuccessStatusCode();
        }

        var served = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            using var response = await CallAsync(Client, Alias);
            await AssertOkAsync(response);
            var deployment = Header(response, "x-gateway-backend");
            served[deployment] = served.GetValueOrDefault(deployment) + 1;
        }

        Assert.Equal(0, await Simulator.ThrottledAsync(ProvisionedDeployment));
        Assert.Equal(0, await Simulator.ThrottledAsync(StandardDeployment));
        Assert.Equal(4, served.GetValueOrDefault("sim-b"));
        Assert.Equal(1, served.GetValueOrDefault("sim-a"));
    }

    private async Task<HttpResponseMessage> DirectAsync(string deployment)
    {
        using var client = new HttpClient { BaseAddress = Simulator.BaseAddress };
        client.DefaultRequestHeaders.Add("api-key", SimulatorBackend.ApiKey);
        return await client.PostAsJsonAsync(
            $"/openai/deployments/{deployment}/chat/completions?api-version=2024-10-21",
            new { messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 5 },
            Ct);
    }
}
