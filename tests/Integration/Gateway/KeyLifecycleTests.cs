using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// A key change made through the management API takes effect on the replica that answered before the answer is
/// sent: a new key's holder can call at once, without waiting for the configuration poll.
/// </summary>
public sealed class KeyLifecycleTests : GatewayTestBase
{
    [Fact]
    public async Task IssueKey_CalledAtOnceWithoutAPoll_IsServed()
    {
        var before = Gateway.Clock.GetUtcNow();

        var (_, secret) = await IssueKeyAsync(TeamId, new { name = "fresh" });
        using var client = Gateway.CreateGatewayClient(secret);
        using var response = await ChatAsync(client);

        await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(before, Gateway.Clock.GetUtcNow());
    }

    [Fact]
    public async Task RotateKey_NewSecretCalledAtOnceWithoutAPoll_IsServed()
    {
        using var rotate = await Admin.PostAsJsonAsync($"/api/admin/keys/{KeyId}/rotate", new { overlapMinutes = 60 }, GatewayFactory.Json, Ct);
        var secret = (await ReadJsonAsync(rotate, HttpStatusCode.Created)).GetProperty("secret").GetString()!;

        using var client = Gateway.CreateGatewayClient(secret);
        using var response = await ChatAsync(client);

        await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokeKey_CalledAtOnceWithoutAPoll_IsRefusedOnThisReplica()
    {
        using var revoke = await Admin.PostAsync($"/api/admin/keys/{KeyId}/revoke", null, Ct);
        await ReadJsonAsync(revoke, HttpStatusCode.OK);

        using var refused = await ChatAsync();

        await ErrorAsync(refused, HttpStatusCode.Unauthorized);
    }
}
