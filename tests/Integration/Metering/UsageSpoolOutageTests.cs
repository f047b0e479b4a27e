using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AiGateway.Integration.Metering;

/// <summary>
/// Bills do not depend on the database being up when a replica stops: what it served during an outage stays in its
/// spool through a graceful stop, and the next replica on the folder writes it, once, when the database is back.
/// </summary>
public sealed class UsageSpoolOutageTests : IAsyncDisposable
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), $"aigw-spool-outage-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GracefulStopWhileTheDatabaseIsDown_NextReplicaOnTheSpoolWritesEveryRecordOnce()
    {
        await using var simulator = await SimulatorBackend.StartAsync("chat-a");
        await using var cluster = await PostgresCluster.StartAsync(1, settings: new Dictionary<string, string?> { ["Metering:SpoolPath"] = _spool });
        var (_, key) = await cluster.ConfigureTeamAsync(simulator, "durable", "sim", "chat-a", "chat", requestsPerMinute: 100_000);
        var first = cluster.Replicas[0];
        using var client = first.CreateGatewayClient(key);
        var served = new List<string>();
        await ChatAsync(client, 5, served);

        await cluster.TakeDatabaseDownAsync();
        // Served from the replica's snapshot while the database is gone; their usage can only go to the spool.
        await ChatAsync(client, 40, served);
        await first.StopAsync();
        Assert.NotEmpty(Directory.GetFiles(_spool));

        await cluster.BringDatabaseBackAsync();
        // The test process's pool still holds connections the outage ended; the next replica must not be handed one.
        NpgsqlConnection.ClearAllPools();
        cluster.StartReplica();

        var backendCount = await simulator.RequestsAsync("chat-a");
        Assert.Equal(45, backendCount);
        await WaitUntilAsync(async () => await CountAsync(cluster) >= backendCount && Directory.GetFiles(_spool).Length == 0);
        await using var db = cluster.CreateDbContext();
        var records = await db.UsageRecords.AsNoTracking().Select(r => new { r.RequestId, r.PromptTokens, r.CompletionTokens }).ToListAsync(Ct);
        Assert.Equal(served.Order(), records.Select(r => r.RequestId).Order());
        var rollups = await db.UsageHourlyRollups.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(records.Count, rollups.Sum(r => r.Requests));
        Assert.Equal(records.Sum(r => (long)r.PromptTokens + r.CompletionTokens), rollups.Sum(r => r.PromptTokens + r.CompletionTokens));
        Assert.Equal(await simulator.PromptTokensAsync("chat-a") + await simulator.CompletionTokensAsync("chat-a"), records.Sum(r => (long)r.PromptTokens + r.CompletionTokens));
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static async Task ChatAsync(HttpClient client, int count, List<string> served)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "chat",
                max_tokens = 8,
                messages = new[] { new { role = "user", content = "hi" } },
            }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served.Add(response.Headers.GetValues("x-request-id").Single());
        }
    }

    private static async Task<int> CountAsync(PostgresCluster cluster)
    {
        await using var db = cluster.CreateDbContext();
        return await db.UsageRecords.CountAsync(Ct);
    }

    /// <summary>Polls a condition on the database (which no clock of the test's drives), bounded at 20 s.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
