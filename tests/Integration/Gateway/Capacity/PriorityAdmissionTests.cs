using System.Net;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>A High team is served from the reserve while Low traffic is queued, refused when the queue is full, and shed at its deadline.</summary>
public sealed class PriorityAdmissionTests : CapacityTestBase
{
    private const string Alias = "capped";

    [Fact]
    public async Task HighServed_WhileLowIsQueuedThenShed_AndAFullQueueRefusesAtOnce()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { requestsPerMinute = 4 });
        var deployment = await LimitedDeploymentAsync("sim-capped", ProvisionedDeployment, requestsPerMinute: 4);
        await AliasAsync(Alias, new { highReservedPercent = 50, maxQueueLength = 1, lowQueueSeconds = 10 }, deployment);
        using var high = await ClientOfAsync("Retail", "High");
        using var low = await ClientOfAsync("Batch", "Low");
        StartOfMinute();

        // Low has the unreserved half: two requests.
        await AssertOkAsync(await CallAsync(low, Alias));
        await AssertOkAsync(await CallAsync(low, Alias));
        var queued = CallAsync(low, Alias);
        await WaitForQueuedAsync(TimeSpan.FromSeconds(10));
        using var full = await CallAsync(low, Alias);

        // High still gets the reserved half while Low waits.
        await AssertOkAsync(await CallAsync(high, Alias));
        await AssertOkAsync(await CallAsync(high, Alias));
        Assert.False(queued.IsCompleted);

        Gateway.Clock.Advance(TimeSpan.FromSeconds(10));
        using var shed = await queued;

        var fullError = await ErrorAsync(full, HttpStatusCode.TooManyRequests);
        Assert.Equal("capacity_queue_full", fullError.GetProperty("code").GetString());
        var shedError = await ErrorAsync(shed, HttpStatusCode.TooManyRequests);
        Assert.Equal("capacity_queue_timeout", shedError.GetProperty("code").GetString());
        Assert.True(int.Parse(Header(shed, "retry-after-ms"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(4, await Simulator.RequestsAsync(ProvisionedDeployment));
        Assert.Equal(0, await Simulator.ThrottledAsync(ProvisionedDeployment));
        var figures = Queues.For(Alias).Figures().Single(f => f.Priority == Shared.Model.PriorityClass.Low);
        Assert.Equal(1, figures.Shed);
        Assert.Equal(1, figures.RefusedFull);
        var listed = await ReadJsonAsync(await Admin.GetAsync("/api/admin/capacity/queues", Ct), HttpStatusCode.OK);
        var listedLow = listed.EnumerateArray().Single(f => f.GetProperty("alias").GetString() == Alias && f.GetProperty("priority").GetString() == "Low");
        Assert.Equal(1, listedLow.GetProperty("shed").GetInt64());
        Assert.Equal(10_000, listedLow.GetProperty("waitP95Ms").GetDouble());
    }

    [Fact]
    public async Task NormalWithoutAWait_IsRefusedAtOnce_AndTheHeaderLowersHighToLow()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { requestsPerMinute = 2 });
        var deployment = await LimitedDeploymentAsync("sim-capped", ProvisionedDeployment, requestsPerMinute: 2);
        await AliasAsync(Alias, new { highReservedPercent = 50, lowQueueSeconds = 10 }, deployment);
        using var high = await ClientOfAsync("Retail", "High");
        StartOfMinute();

        await AssertOkAsync(await CallAsync(Client, Alias));
        using var normal = await CallAsync(Client, Alias);
        var lowered = CallAsync(high, Alias, priority: "low");
        await WaitForQueuedAsync(TimeSpan.FromSeconds(10));
        using var invalid = await CallAsync(high, Alias, priority: "urgent");
        await AssertOkAsync(await CallAsync(high, Alias));

        Assert.Equal("capacity_exceeded", (await ErrorAsync(normal, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
        Assert.Equal("invalid_priority", (await ErrorAsync(invalid, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.False(lowered.IsCompleted);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(10));
        using var shed = await lowered;
        Assert.Equal(HttpStatusCode.TooManyRequests, shed.StatusCode);
    }
}
