using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Three gateway replicas sharing one PostgreSQL database and one Redis server (both real, started by test.sh):
/// a team's tokens-per-minute limit holds across all of them together, every admitted request is metered exactly
/// once, and the metered tokens reconcile to what the backend itself counted; with the Redis store in each mode.
/// </summary>
public sealed class MultiReplicaQuotaTests : IAsyncLifetime
{
    private const int Replicas = 3;
    private const int Clients = 60;
    private const int RequestsPerClient = 4;
    private const int TokensPerMinute = 1500;
    private const int MaxTokens = 20;

    private readonly List<GatewayFactory> _replicas = [];
    private SimulatorBackend _simulator = null!;
    private string _postgres = "";
    private string _database = "";
    private Dictionary<string, string?> _settings = [];
    private DateTimeOffset _start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES"))
            || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS")))
        {
            Assert.Skip("PORTAL_TEST_POSTGRES and PORTAL_TEST_REDIS are not set; ./test.sh starts both servers and sets them.");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The database, the simulator and the replicas, their quotas in Redis in <paramref name="redisMode"/>.</summary>
    private async Task StartAsync(string redisMode)
    {
        var server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")!;
        var redis = Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS")!;

        _database = $"aigw_replicas_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        _postgres = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
        _simulator = await SimulatorBackend.StartAsync("chat-a");

        // One start time for every replica's clock, early in a minute, so all count in the same window.
        var now = DateTimeOffset.UtcNow;
        _start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1).AddSeconds(5);
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = _postgres,
            ["Database:MigrateOnStartup"] = "true",
            ["Quotas:Store"] = "Redis",
            ["Quotas:RedisMode"] = redisMode,
            ["ConnectionStrings:Redis"] = redis,
            // Every replica must hash keys with the same secret.
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        };
        for (var i = 0; i < Replicas; i++)
        {
            var replica = new GatewayFactory(_settings, clock: new TimerReportingClock(_start));
            // Started one after the other: the first applies the migrations the others then find done.
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

    /// <summary>
    /// In lease mode each replica admits from blocks it took from Redis; the limit must hold just as tightly, since a
    /// block counts as used in Redis the moment it is taken and a replica near the limit reserves each request exactly.
    /// </summary>
    [Theory]
    [InlineData("Lease")]
    [InlineData("Exact")]
    public async Task TeamPushedFarPastItsTokensPerMinute_AcrossThreeReplicas_LimitHoldsAndUsageReconciles(string redisMode)
    {
        await StartAsync(redisMode);
        var key = await ConfigureAsync();
        var clients = _replicas.Select(r => r.CreateGatewayClient(key)).ToArray();
        var admitted = new ConcurrentBag<string>();
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async worker =>
        {
            for (var i = 0; i < RequestsPerClient; i++)
            {
                var client = clients[(worker + i) % Replicas];
                using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
                {
                    model = "chat",
                    max_tokens = MaxTokens,
                    messages = new[] { new { role = "user", content = "hi" } },
                }, Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    admitted.Add(response.Headers.GetValues("x-request-id").Single());
                }
                else
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                    Interlocked.Increment(ref refused);
                }
            }
        }));

        Func<AiGateway.Shared.Data.PortalDbContext>? database = null;
        foreach (var replica in _replicas)
        {
            database = await replica.StopAsync();
        }

        await using var db = database!();
        var records = await db.UsageRecords.AsNoTracking().ToListAsync(Ct);
        var recordedTokens = records.Sum(r => (long)r.PromptTokens + r.CompletionTokens);
        var oneEstimate = records.Max(r => r.PromptTokens) + MaxTokens;

        Assert.True(refused > Clients, $"the team was not pushed past its limit: {refused} refused");
        Assert.True(recordedTokens <= TokensPerMinute + oneEstimate, $"{recordedTokens} tokens admitted against a limit of {TokensPerMinute}");
        Assert.True(recordedTokens > TokensPerMinute - oneEstimate, $"only {recordedTokens} tokens admitted: the limit was enforced too early");
        Assert.Equal(admitted.Order(), records.Select(r => r.RequestId).Order());
        Assert.Equal(await _simulator.PromptTokensAsync("chat-a") + await _simulator.CompletionTokensAsync("chat-a"), recordedTokens);
        var rollups = await db.UsageHourlyRollups.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(records.Count, rollups.Sum(r => r.Requests));
        Assert.Equal(recordedTokens, rollups.Sum(r => r.PromptTokens + r.CompletionTokens));

        // The chargeback report, asked of a fresh replica after the others have gone, reconciles to the backend too.
        await using var reporter = new GatewayFactory(_settings, clock: new TimerReportingClock(_start));
        using var admin = reporter.CreateAdminClient();
        var period = $"from={Uri.EscapeDataString(_start.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(_start.AddHours(1).ToString("O"))}";
        using var report = await admin.GetAsync($"/api/admin/chargeback?{period}", Ct);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var totals = JsonDocument.Parse(await report.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("totals");
        Assert.Equal(admitted.Count, totals.GetProperty("requests").GetInt64());
        Assert.Equal(recordedTokens, totals.GetProperty("promptTokens").GetInt64() + totals.GetProperty("completionTokens").GetInt64());
        Assert.Equal(records.Sum(r => r.Cost), totals.GetProperty("tokenCost").GetDecimal(), 8);

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>A team with a TPM policy, a backend on the simulator and an alias, made through the first replica's API; every replica reloads.</summary>
    private async Task<string> ConfigureAsync()
    {
        using var admin = _replicas[0].CreateAdminClient();
        var team = await CreateAsync(admin, "/api/admin/teams", new { name = "Fabrikam" });
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
        var deployment = await CreateAsync(admin, "/api/admin/deployments", new { backendId = backend, name = "chat-a", model = "gpt-4o-mini", price = new { inputPer1K = 0.00015m, outputPer1K = 0.0006m } });
        await CreateAsync(admin, "/api/admin/aliases", new { name = "chat", targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        await CreateAsync(admin, "/api/admin/quota-policies", new { scope = "Team", teamId = team, tokensPerMinute = TokensPerMinute });
        using var issued = await admin.PostAsJsonAsync($"/api/admin/teams/{team}/keys", new { name = "load" }, GatewayFactory.Json, Ct);
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
