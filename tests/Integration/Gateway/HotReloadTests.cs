using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// A change made through the management API reaches the gateway on its next poll, with no restart, and requests
/// already in flight finish on the snapshot they started with.
/// </summary>
public sealed class HotReloadTests : GatewayTestBase
{
    [Fact]
    public async Task AliasTargetsChanged_TrafficMovesWithinThePollInterval()
    {
        using var before = await ChatAsync();
        Assert.Equal(ProvisionedDeployment, Header(before, "x-gateway-deployment"));

        using var put = await Admin.PutAsJsonAsync($"/api/admin/aliases/{ChatAliasId}", new
        {
            name = ChatAlias,
            targets = new[] { new { deploymentId = StandardDeploymentId, weight = 1 } },
        }, GatewayFactory.Json, Ct);
        await ReadJsonAsync(put, HttpStatusCode.OK);

        // Not yet polled: still the old configuration.
        using var unchanged = await ChatAsync();
        Assert.Equal(ProvisionedDeployment, Header(unchanged, "x-gateway-deployment"));

        await PollAsync();
        using var after = await ChatAsync();
        Assert.Equal(StandardDeployment, Header(after, "x-gateway-deployment"));
    }

    [Fact]
    public async Task KeyRevoked_RefusedAfterThePoll_WhileAStreamAlreadyRunningFinishes()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { perTokenMs = 1000 } });
        using var inFlight = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 3);
        Assert.NotNull(await inFlight.NextAsync());

        using var revoke = await Admin.PostAsync($"/api/admin/keys/{KeyId}/revoke", null, Ct);
        Assert.True(revoke.IsSuccessStatusCode, $"revoke answered {(int)revoke.StatusCode}");
        await PollAsync();

        using var refused = await ChatAsync();
        await ErrorAsync(refused, HttpStatusCode.Unauthorized);

        var rest = await inFlight.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
        Assert.Equal("[DONE]", rest[^1]);
    }

    /// <summary>Moves the gateway's clock one poll interval on and waits until it serves the database's current version.</summary>
    private async Task PollAsync()
    {
        var version = (await ReadJsonAsync(await Admin.GetAsync("/api/admin/config-version", Ct), HttpStatusCode.OK)).GetProperty("version").GetInt64();
        Gateway.Clock.Advance(TimeSpan.FromSeconds(GatewayFactory.PollSeconds));
        await Gateway.Snapshots.WaitForVersionAsync(version, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
