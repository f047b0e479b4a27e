using System.Net;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>Queued Low requests are served in arrival order as the minute turns, and hold no quota while they wait.</summary>
public sealed class QueueOrderTests : CapacityTestBase
{
    private const string Alias = "capped";

    [Fact]
    public async Task QueuedLowRequests_AreServedInOrder_AsCapacityFrees()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { requestsPerMinute = 1 });
        var deployment = await LimitedDeploymentAsync("sim-capped", ProvisionedDeployment, requestsPerMinute: 1);
        await AliasAsync(Alias, new { maxQueueLength = 5, lowQueueSeconds = 300 }, deployment);
        using var low = await ClientOfAsync("Batch", "Low");
        StartOfMinute();

        await AssertOkAsync(await CallAsync(low, Alias));
        var second = CallAsync(low, Alias);
        await WaitForQueuedAsync(TimeSpan.FromSeconds(300));
        var third = CallAsync(low, Alias);
        await WaitForQueuedAsync(TimeSpan.FromSeconds(300));
        Assert.Equal(2, Queues.For(Alias).Count);

        // The next minute frees one request: the first to arrive takes it, the other waits on.
        Simulator.Clock.Advance(TimeSpan.FromSeconds(61));
        Gateway.Clock.Advance(TimeSpan.FromSeconds(59));
        await AssertOkAsync(await second);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, Queues.For(Alias).Count);

        Simulator.Clock.Advance(TimeSpan.FromSeconds(61));
        Gateway.Clock.Advance(TimeSpan.FromSeconds(60));
        await AssertOkAsync(await third);

        Assert.Equal(0, await Simulator.ThrottledAsync(ProvisionedDeployment));
        var figures = Queues.For(Alias).Figures().Single(f => f.Priority == Shared.Model.PriorityClass.Low);
        Assert.Equal(0, figures.Shed);
        Assert.Equal(0, figures.Length);
        Assert.NotNull(figures.WaitP95Ms);
    }

    [Fact]
    public async Task QueuedRequest_HoldsNoQuotaWhileItWaits()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { requestsPerMinute = 1 });
        var deployment = await LimitedDeploymentAsync("sim-capped", ProvisionedDeployment, requestsPerMinute: 1);
        await AliasAsync(Alias, new { maxQueueLength = 5, lowQueueSeconds = 30 }, deployment);
        var batch = await CreateAsync("/api/admin/teams", new { name = "Batch", priority = "Low" });
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = batch, requestsPerMinute = 2 });
        var (_, secret) = await IssueKeyAsync(batch);
        await Gateway.ReloadAsync();
        using var low = Gateway.CreateGatewayClient(secret);
        StartOfMinute();

        await AssertOkAsync(await CallAsync(low, Alias));
        var queued = CallAsync(low, Alias);
        await WaitForQueuedAsync(TimeSpan.FromSeconds(30));

        // The team's quota of two has one left while a request waits: the waiting one holds none of it.
        using var quotaOnOtherAlias = await CallAsync(low, ChatAlias);
        await AssertOkAsync(quotaOnOtherAlias);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(30));
        using var shed = await queued;
        Assert.Equal("capacity_queue_timeout", (await ErrorAsync(shed, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
    }
}
