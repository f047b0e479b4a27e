using System.Net;
using System.Net.Http.Json;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>A key's own priority class overrides its team's, and only an admin may raise it above the team's.</summary>
public sealed class KeyPriorityTests : CapacityTestBase
{
    private const string Alias = "capped";

    [Fact]
    public async Task KeyWithLowPriority_OnANormalTeam_WaitsInTheQueueInsteadOfBeingRefused()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { requestsPerMinute = 1 });
        var deployment = await LimitedDeploymentAsync("sim-capped", ProvisionedDeployment, requestsPerMinute: 1);
        await AliasAsync(Alias, new { lowQueueSeconds = 20 }, deployment);
        var (_, batchKey) = await IssueKeyAsync(TeamId, new { name = "batch", priority = "Low" });
        await Gateway.ReloadAsync();
        using var batch = Gateway.CreateGatewayClient(batchKey);
        StartOfMinute();

        await AssertOkAsync(await CallAsync(Client, Alias));
        using var normal = await CallAsync(Client, Alias);
        var queued = CallAsync(batch, Alias);
        await WaitForQueuedAsync(TimeSpan.FromSeconds(20));
        Gateway.Clock.Advance(TimeSpan.FromSeconds(20));
        using var shed = await queued;

        Assert.Equal("capacity_exceeded", (await ErrorAsync(normal, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
        Assert.Equal("capacity_queue_timeout", (await ErrorAsync(shed, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task SetPriority_AboveTheTeamsClass_IsAnAdminsOnly_AndIsReturned()
    {
        using var response = await Admin.PutAsJsonAsync($"/api/admin/keys/{KeyId}/priority", new { priority = "High" }, Infrastructure.GatewayFactory.Json, Ct);
        var key = await ReadJsonAsync(response, HttpStatusCode.OK);
        using var bad = await Admin.PutAsJsonAsync($"/api/admin/keys/{KeyId}/priority", new { priority = "Urgent" }, Infrastructure.GatewayFactory.Json, Ct);

        Assert.Equal("High", key.GetProperty("priority").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
