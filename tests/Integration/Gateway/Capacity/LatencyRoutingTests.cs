using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>
/// Under the latency strategy the fast deployment takes most traffic, a share of requests re-measures the slow one,
/// and traffic returns to it once it has recovered. Both clocks move together by each answer's delay, so the gateway
/// measures what the simulator waited.
/// </summary>
public sealed class LatencyRoutingTests() : CapacityTestBase(new Dictionary<string, string?>
{
    ["Capacity:LatencyProbeEvery"] = "4",
    ["Capacity:LatencySmoothing"] = "0.5",
})
{
    private const string Alias = "fastest";

    [Fact]
    public async Task Latency_FastDeploymentTakesMostTraffic_AndTrafficReturnsWhenTheSlowOneRecovers()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { timeToFirstTokenMs = 100 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { latency = new { timeToFirstTokenMs = 1000 } });
        var fast = await LimitedDeploymentAsync("sim-fast", ProvisionedDeployment);
        var slow = await LimitedDeploymentAsync("sim-slow", StandardDeployment);
        await AliasAsync(Alias, new { routingStrategy = "Latency" }, slow, fast);

        var before = await ServedAsync(16);
        Assert.True(before.GetValueOrDefault("sim-fast") >= 11, $"fast served {before.GetValueOrDefault("sim-fast")} of 16");
        Assert.True(before.GetValueOrDefault("sim-slow") >= 2, "the slow deployment was never re-measured");

        await Simulator.ConfigureAsync(StandardDeployment, new { latency = new { timeToFirstTokenMs = 10 } });
        await ServedAsync(16);
        var after = await ServedAsync(12);
        Assert.True(after.GetValueOrDefault("sim-slow") >= 8, $"the recovered deployment served {after.GetValueOrDefault("sim-slow")} of 12");
    }

    /// <summary>Sends <paramref name="count"/> requests one by one, moving both clocks by each answer's wait; counts by backend.</summary>
    private async Task<Dictionary<string, int>> ServedAsync(int count)
    {
        var served = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            Simulator.Clock.ForgetTimers();
            var call = CallAsync(Client, Alias);
            var wait = await Simulator.Clock.NextTimerAsync();
            Gateway.Clock.Advance(wait);
            Simulator.Clock.Advance(wait);
            using var response = await call;
            await AssertOkAsync(response);
            var backend = Header(response, "x-gateway-backend");
            served[backend] = served.GetValueOrDefault(backend) + 1;
        }

        return served;
    }
}
