using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;
using Npgsql;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Two gateway replicas on one PostgreSQL database (started by test.sh): each sees different traffic, one a quota
/// refusal and the other a backend throttle, yet the request explorer, the throttling explorer and the live figures
/// read through either replica's management API show all of it, and still do after a replica restarts.
/// </summary>
public sealed class ClusterViewsTests : IAsyncLifetime
{
    private readonly List<GatewayFactory> _replicas = [];
    private SimulatorBackend _simulator = null!;
    private string _database = "";
    private Dictionary<string, string?> _settings = [];
    private DateTimeOffset _start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("PORTAL_TEST_POSTGRES is not set; ./test.sh starts a PostgreSQL server and sets it.");
        }

        _database = $"aigw_views_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        _simulator = await SimulatorBackend.StartAsync("chat-a");
        _start = DateTimeOffset.UtcNow;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            // Written as soon as recorded, so the test waits on the writers' metrics rather than an interval.
            ["Metering:FlushIntervalMilliseconds"] = "0",
        };
        for (var i = 0; i < 2; i++)
        {
            var replica = new GatewayFactory(_settings, clock: new TimerReportingClock(_start));
            // One after the other: the first applies the migrations the second then finds done.
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
    public async Task Views_TrafficThroughTwoReplicas_EitherReplicaShowsAllOfIt_AndARestartedOneToo()
    {
        var (teamId, key) = await ConfigureAsync();
        var (a, b) = (_replicas[0], _replicas[1]);
        using var aUsage = new UsageWrites(a.Services);
        using var aThrottles = UsageWrites.ThrottleEvents(a.Services);
        using var bUsage = new UsageWrites(b.Services);
        using var bThrottles = UsageWrites.ThrottleEvents(b.Services);

        // Replica A: one request served, then the team's one request a minute (counted per replica here) is used up.
        using var aClient = a.CreateGatewayClient(key);
        var servedId = await ChatAsync(aClient, HttpStatusCode.OK);
        var refusedId = await ChatAsync(aClient, HttpStatusCode.TooManyRequests);

        // Replica B: the only deployment throttles, so the client gets the backend's 429.
        await _simulator.ConfigureAsync("chat-a", new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 4000 } });
        using var bClient = b.CreateGatewayClient(key);
        var throttledId = await ChatAsync(bClient, HttpStatusCode.TooManyRequests);

        await aUsage.WaitForAsync(1);
        await aThrottles.WaitForAsync(1);
        await bUsage.WaitForAsync(1);
        await bThrottles.WaitForAsync(1);

        foreach (var replica in _replicas)
        {
            await AssertSeesEverythingAsync(replica, teamId, servedId, refusedId, throttledId);
        }

        // A restart empties a replica's memory, not the database: a new replica on the same database shows the same.
        await a.StopAsync();
        await using var restarted = new GatewayFactory(_settings, clock: new TimerReportingClock(_start));
        await AssertSeesEverythingAsync(restarted, teamId, servedId, refusedId, throttledId);
    }

    private static async Task AssertSeesEverythingAsync(GatewayFactory replica, Guid teamId, string servedId, string refusedId, string throttledId)
    {
        using var admin = replica.CreateAdminClient();

        var requests = await GetAsync(admin, $"/api/admin/requests?teamId={teamId}&hours=1");
        Assert.Equal(
            [(servedId, 200), (throttledId, 429)],
            Items(requests).Select(r => (r.GetProperty("requestId").GetString()!, r.GetProperty("statusCode").GetInt32())).OrderBy(r => r.Item2));

        var events = Items(await GetAsync(admin, $"/api/admin/throttle-events?teamId={teamId}&hours=1"));
        Assert.Equal(
            [(refusedId, "QuotaRefusal"), (throttledId, "BackendThrottle")],
            events.Select(e => (e.GetProperty("requestId").GetString()!, e.GetProperty("kind").GetString()!)).OrderByDescending(e => e.Item2));
        var throttle = events.Single(e => e.GetProperty("kind").GetString() == "BackendThrottle");
        Assert.Equal(("chat-a", "sim"), (throttle.GetProperty("deploymentName").GetString(), throttle.GetProperty("backendName").GetString()));
        var refusal = events.Single(e => e.GetProperty("kind").GetString() == "QuotaRefusal");
        Assert.Equal("RequestsPerMinute", refusal.GetProperty("quotaLimit").GetString());

        // The dashboard's figures: two stored requests and one refusal; both 429s are throttles, one of them the quota's.
        var live = await GetAsync(admin, "/api/admin/traffic/live");
        var team = Assert.Single(live.GetProperty("teams").EnumerateArray());
        Assert.Equal((3L, 2L, 1L, 0L), (team.GetProperty("requests").GetInt64(), team.GetProperty("throttled").GetInt64(), team.GetProperty("refused").GetInt64(), team.GetProperty("errors").GetInt64()));
        Assert.True(team.GetProperty("tokens").GetInt64() > 0);
        var backend = Assert.Single(live.GetProperty("backends").EnumerateArray());
        Assert.Equal(("sim", 2L), (backend.GetProperty("name").GetString(), backend.GetProperty("requests").GetInt64()));
    }

    /// <summary>A team with one request a minute, a backend on the simulator and an alias, made through the first replica; both reload.</summary>
    private async Task<(Guid TeamId, string Key)> ConfigureAsync()
    {
        using var admin = _replicas[0].CreateAdminClient();
        var team = await CreateAsync(admin, "/api/admin/teams", new { name = "Northwind" });
        var backend = await CreateAsync(admin, "/api/admin/backends", new
        {
            name = "sim",
            kind = "AzureOpenAI",
            baseUrl = _simulator.BaseAddress.ToString(),
            region = "swedencentral",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = SimulatorBackend.ApiKey,
        });
        var deployment = await CreateAsync(admin, "/api/admin/deployments", new { backendId = backend, name = "chat-a", model = "gpt-4o-mini", inputPricePer1K = 0.00015m, outputPricePer1K = 0.0006m });
        await CreateAsync(admin, "/api/admin/aliases", new { name = "chat", targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        await CreateAsync(admin, "/api/admin/quota-policies", new { scope = "Team", teamId = team, requestsPerMinute = 1 });
        using var issued = await admin.PostAsJsonAsync($"/api/admin/teams/{team}/keys", new { name = "views" }, GatewayFactory.Json, Ct);
        issued.EnsureSuccessStatusCode();
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("secret").GetString()!;
        foreach (var replica in _replicas)
        {
            await replica.ReloadAsync();
        }

        return (team, key);
    }

    private static async Task<string> ChatAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "chat",
            max_tokens = 8,
            messages = new[] { new { role = "user", content = "hi" } },
        }, Ct);
        Assert.Equal(expected, response.StatusCode);
        return response.Headers.GetValues("x-request-id").Single();
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string url, object body)
    {
        using var response = await admin.PostAsJsonAsync(url, body, GatewayFactory.Json, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> GetAsync(HttpClient admin, string url)
    {
        using var response = await admin.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];
}
