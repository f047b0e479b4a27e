using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AiGateway.Integration.Infrastructure;
using AiGateway.Shared.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Metering;

/// <summary>
/// A replica killed with SIGKILL under load loses no bill: every record it had spooled is written by the next start on
/// the same data folder, once.
/// </summary>
public sealed class UsageSpoolKillTests : IAsyncDisposable
{
    /// <summary>Concurrent clients, each with one request in flight at most: the bound on requests the kill can catch.</summary>
    private const int Clients = 4;

    private readonly string _data = Path.Combine(Path.GetTempPath(), $"aigw-kill-{Guid.NewGuid():N}");
    private readonly string _hashSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledUnderLoad_NextStartOnTheDataFolder_WritesEverySpooledRecordOnce()
    {
        await using var simulator = await SimulatorBackend.StartAsync("chat-a");
        // Nothing reaches the database before the kill (a minute's flush interval, batches bigger than the run): every
        // record the test finds afterwards came through the spool.
        string[] settings = ["--Metering:FlushIntervalMilliseconds", "60000", "--Metering:BatchSize", "100000"];
        var first = await PortalProcess.StartAsync(_data, _hashSecret, settings);
        string key;
        using (var admin = first.CreateClient(bearer: GatewayFactory.BootstrapToken))
        {
            (_, key) = await TeamSetup.ConfigureAsync(admin, simulator, "billed", "sim", "chat-a", "chat", requestsPerMinute: 1_000_000);
        }

        var received = new ConcurrentBag<string>();
        using var client = first.CreateClient(apiKey: key);
        await WaitUntilAsync(async () => await TryChatAsync(client, received), "the gateway to serve the new alias", first);

        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            // Until the kill cuts the connection.
            while (await TryChatAsync(client, received))
            {
            }
        })).ToArray();
        await WaitUntilAsync(() => Task.FromResult(received.Count >= 300), "300 answers", first);
        await first.KillAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var spool = Path.Combine(_data, "spool", "usage");
        Assert.NotEmpty(Directory.GetFiles(spool));

        await using var second = await PortalProcess.StartAsync(_data, _hashSecret, settings);
        await WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(spool).Length == 0), "the spool to drain", second);

        var recorded = await RecordedRequestIdsAsync();
        var backend = await simulator.RequestsAsync("chat-a");
        Assert.Equal(recorded.Count, recorded.Distinct().Count());
        Assert.True(recorded.Count <= backend, $"{recorded.Count} records for {backend} requests the backend saw");
        // A request the backend saw but whose record was not spooled yet was in flight at the kill: one per client at most.
        Assert.True(backend - recorded.Count <= Clients, $"{backend - recorded.Count} of {backend} requests unrecorded");
        var missing = received.Except(recorded).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"answered {received.Count}, backend saw {backend}, recorded {recorded.Count}, answered but unrecorded {missing.Count}");
        Assert.True(missing.Count <= Clients, $"{missing.Count} of {received.Count} answered requests unrecorded");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One chat request; its id is kept once the client has the whole answer. False once the gateway is gone.</summary>
    private static async Task<bool> TryChatAsync(HttpClient client, ConcurrentBag<string> received)
    {
        try
        {
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "chat",
                max_tokens = 8,
                messages = new[] { new { role = "user", content = "hi" } },
            }, Ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            // PostAsJsonAsync has read the whole body by now.
            received.Add(response.Headers.GetValues("x-request-id").Single());
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<List<string>> RecordedRequestIdsAsync()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseProvider(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_data, "gateway.db")};Pooling=false").Options;
        await using var db = new PortalDbContext((DbContextOptions<PortalDbContext>)options);
        return await db.UsageRecords.AsNoTracking().Select(r => r.RequestId).ToListAsync(Ct);
    }

    /// <summary>Polls a condition the test cannot be told about (another process's state), bounded at 30 s.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, PortalProcess portal)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"Timed out waiting for {what}:\n{portal.Output}");
            }

            await Task.Delay(50, Ct);
        }
    }
}
