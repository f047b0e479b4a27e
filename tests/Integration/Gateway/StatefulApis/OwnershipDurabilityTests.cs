using System.Net;
using System.Net.Http.Json;
using AiGateway.Gateway.StatefulApis;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// Ownership outlives the replica that learned it: through the database after a restart without Redis, and through
/// Redis for another replica before the database has it.
/// </summary>
public sealed class OwnershipDurabilityTests() : RoundRobinTestBase(new Dictionary<string, string?>
{
    ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS"),
    // Owners reach the database only when a test flushes them (or a replica stops).
    ["Gateway:Stateful:FlushSeconds"] = "3600",
})
{
    [Fact]
    public async Task Restart_OwnersAreReadFromTheDatabase()
    {
        var ids = await CreateResponsesAsync(Client, 6);
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataPath"] = Gateway.DataPath,
            ["Gateway:Stateful:DefaultAlias"] = RoundRobinAlias,
        };
        // The write-behind reaches the database (a graceful stop would also write it, within the shutdown time).
        Assert.True(await Gateway.Services.GetRequiredService<OwnershipWriter>().FlushAsync(Ct));
        await Gateway.StopAsync();

        await using var restarted = new GatewayFactory(settings);
        using var client = restarted.CreateGatewayClient(Key);
        await restarted.ReloadAsync();
        foreach (var id in ids)
        {
            using var followUp = await client.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
            await ReadJsonAsync(followUp, HttpStatusCode.OK);
            using var read = await client.GetAsync($"/v1/responses/{id}", Ct);
            await ReadJsonAsync(read, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task SecondReplica_FindsOwnersInRedis_BeforeTheDatabaseHasThem()
    {
        var redis = Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS");
        if (string.IsNullOrWhiteSpace(redis))
        {
            Assert.Skip("PORTAL_TEST_REDIS is not set; ./test.sh starts a Redis server and sets it.");
        }

        var ids = await CreateResponsesAsync(Client, 6);
        await using var replica = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Database:DataPath"] = Gateway.DataPath,
            ["ConnectionStrings:Redis"] = redis,
            ["Gateway:Stateful:FlushSeconds"] = "3600",
        });
        using var client = replica.CreateGatewayClient(Key);
        await replica.ReloadAsync();
        await using (var db = replica.CreateDbContext())
        {
            Assert.Empty(db.StoredObjectOwners);
        }

        foreach (var id in ids)
        {
            using var followUp = await client.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
            await ReadJsonAsync(followUp, HttpStatusCode.OK);
        }

        Assert.True(await Gateway.Services.GetRequiredService<OwnershipWriter>().FlushAsync(Ct));
    }

    private static async Task<List<string>> CreateResponsesAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var created = await client.PostAsJsonAsync("/v1/responses", Turn(null), Ct);
            ids.Add((await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString()!);
        }

        return ids;
    }
}
