using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Gateway.Capacity;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>
/// Two replicas sharing one PostgreSQL database and one Redis: what one replica took of a deployment's minute is
/// gone for the other once they have shared their counts, so the other's Low request waits in its queue.
/// </summary>
public sealed class MultiReplicaCapacityTests : IAsyncLifetime
{
    private readonly List<GatewayFactory> _replicas = [];
    private SimulatorBackend _simulator = null!;
    private string _database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS");
        if (string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(redis))
        {
            Assert.Skip("PORTAL_TEST_POSTGRES and PORTAL_TEST_REDIS are not set; ./test.sh starts both servers and sets them.");
        }

        _database = $"aigw_capacity_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        _simulator = await SimulatorBackend.StartAsync("chat-a");
        var now = DateTimeOffset.UtcNow;
        // One start for both clocks, a second into a minute, so both count in the same window and it turns late.
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 1, TimeSpan.Zero).AddMinutes(1);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:Redis"] = redis,
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        };
        for (var i = 0; i < 2; i++)
        {
            var replica = new GatewayFactory(settings, clock: new TimerReportingClock(start));
            replica.CreateClient().Dispose();
            _replicas.Add(replica);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        if (_database.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES"));
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task CapacityTakenOnOneReplica_IsGoneForTheOther_WhoseLowRequestWaits()
    {
        var key = await ConfigureAsync();
        using var first = _replicas[0].CreateGatewayClient(key);
        using var second = _replicas[1].CreateGatewayClient(key);

        using var one = await CallAsync(first);
        using var two = await CallAsync(first);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        await SyncAsync(_replicas[0]);
        await SyncAsync(_replicas[1]);

        var waiting = CallAsync(second);
        while (await _replicas[1].Clock.NextTimerAsync(Ct) != TimeSpan.FromSeconds(30))
        {
        }

        Assert.Equal(1, _replicas[1].Services.GetRequiredService<CapacityQueues>().For("capped").Count);
        _replicas[1].Clock.Advance(TimeSpan.FromSeconds(30));
        using var shed = await waiting;
        Assert.Equal(HttpStatusCode.TooManyRequests, shed.StatusCode);
        Assert.Equal(2, await _simulator.RequestsAsync("chat-a"));
    }

    private static Task SyncAsync(GatewayFactory replica)
    {
        var sync = replica.Services.GetServices<IHostedService>().OfType<RedisCapacitySync>().Single();
        return sync.SyncOnceAsync(replica.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase());
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client) =>
        client.PostAsJsonAsync("/v1/chat/completions", new { model = "capped", max_tokens = 5, messages = new[] { new { role = "user", content = "hi" } } }, Ct);

    private async Task<string> ConfigureAsync()
    {
        using var admin = _replicas[0].CreateAdminClient();
        var team = await CreateAsync(admin, "/api/admin/teams", new { name = "Batch", priority = "Low" });
        var backend = await CreateAsync(admin, "/api/admin/backends", new
        {
            name = "sim",
            kind = "AzureOpenAI",
            baseUrl = _simulator.BaseAddress.ToString(),
            region = "swedencentral",
            tier = "Provisioned",
            credentialKind = "ApiKey",
            apiKey = SimulatorBackend.ApiKey,
        });
        var deployment = await CreateAsync(admin, "/api/admin/deployments", new
        {
            backendId = backend, name = "chat-a", model = "gpt-4o-mini", capacityRequestsPerMinute = 2, price = new { inputPer1K = 0.00015m, outputPer1K = 0.0006m },
        });
        await CreateAsync(admin, "/api/admin/aliases", new { name = "capped", lowQueueSeconds = 30, targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        using var issued = await admin.PostAsJsonAsync($"/api/admin/teams/{team}/keys", new { name = "batch" }, GatewayFactory.Json, Ct);
        issued.EnsureSuccessStatusCode();
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("secret").GetString()!;
        foreach (var replica in _replicas)
        {
            await replica.ReloadAsync();
        }

        return key;
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string url, object body)
    {
        using var response = await admin.PostAsJsonAsync(url, body, GatewayFactory.Json, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
