using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Gateway.Rollouts;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// The lease on the production-like database: two replicas sharing one PostgreSQL database, only the holder drives,
/// and when it stops the other takes the rollout over and finishes it.
/// </summary>
public sealed class RolloutLeasePostgresTests : IAsyncLifetime
{
    private readonly List<GatewayFactory> _replicas = [];
    private readonly TimerReportingClock _clock = new();
    private string _server = "";
    private string _database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES") ?? "";
        if (string.IsNullOrWhiteSpace(_server))
        {
            Assert.Skip("PORTAL_TEST_POSTGRES is not set; ./test.sh starts a PostgreSQL server and sets it.");
        }

        _database = $"aigw_rollouts_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(Ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync(Ct);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["Rollouts:TickSeconds"] = "3600",
            ["Rollouts:LeaseSeconds"] = "600",
        };
        for (var i = 0; i < 2; i++)
        {
            var replica = new GatewayFactory(settings, clock: _clock);
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

        if (_database.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwoReplicasOnPostgres_OnlyTheLeaseHolderDrives_AndTheOtherFinishesAfterItStops()
    {
        var (a, b) = (_replicas[0], _replicas[1]);
        using var admin = b.CreateAdminClient();
        var backend = await CreateAsync(admin, "/api/admin/backends", new
        {
            name = "east", kind = "AzureOpenAI", baseUrl = "https://east.example", region = "eastus", tier = "Standard", credentialKind = "ApiKey", apiKey = "k",
        });
        var blue = await CreateAsync(admin, "/api/admin/deployments", new { backendId = backend, name = "blue", model = "gpt-4o-mini" });
        var green = await CreateAsync(admin, "/api/admin/deployments", new { backendId = backend, name = "green", model = "gpt-4o-mini" });
        var alias = await CreateAsync(admin, "/api/admin/aliases", new { name = "chat", targets = new[] { new { deploymentId = blue, weight = 1 } } });
        // No traffic here: the steps end on time alone, which the rollout has to allow explicitly.
        var id = await CreateAsync(admin, "/api/admin/rollouts", new { aliasId = alias, toDeploymentId = green, stepWeights = new[] { 10, 100 }, stepHoldSeconds = 60, advanceUnjudged = true, start = true });
        var driverA = a.Services.GetRequiredService<RolloutDriver>();
        var driverB = b.Services.GetRequiredService<RolloutDriver>();

        await driverA.TickAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(60));
        await driverB.TickAsync(Ct);
        Assert.Equal((0, driverA.Replica), await StepAndOwnerAsync(admin, id));
        await driverA.TickAsync(Ct);
        Assert.Equal((1, driverA.Replica), await StepAndOwnerAsync(admin, id));

        await a.StopAsync();
        await driverB.TickAsync(Ct);
        Assert.Equal((1, driverB.Replica), await StepAndOwnerAsync(admin, id));
        _clock.Advance(TimeSpan.FromSeconds(60));
        await driverB.TickAsync(Ct);

        using var response = await admin.GetAsync($"/api/admin/rollouts/{id}", Ct);
        var done = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Promoted", done.GetProperty("state").GetString());
    }

    private static async Task<(int Step, string? Owner)> StepAndOwnerAsync(HttpClient admin, Guid id)
    {
        using var response = await admin.GetAsync($"/api/admin/rollouts/{id}", Ct);
        var rollout = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return (rollout.GetProperty("currentStep").GetInt32(), rollout.GetProperty("leaseOwner").GetString());
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string url, object body)
    {
        using var response = await admin.PostAsJsonAsync(url, body, GatewayFactory.Json, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
