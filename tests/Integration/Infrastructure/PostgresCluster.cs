using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Shared.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// Replicas of the deployable on one PostgreSQL database of their own, on the server test.sh starts: what a cluster
/// of gateways shares. Replicas share a fake clock's start time so their windows agree; the database is dropped at
/// the end.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _database;
    private readonly Dictionary<string, string?> _settings;
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly List<GatewayFactory> _replicas = [];

    private PostgresCluster(string server, string database, IReadOnlyDictionary<string, string?>? settings)
    {
        _server = server;
        _database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            // Written as soon as recorded, so a test waits on the writers' metrics rather than an interval.
            ["Metering:FlushIntervalMilliseconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The replicas started so far, in order.</summary>
    public IReadOnlyList<GatewayFactory> Replicas => _replicas;

    /// <summary>A new database and <paramref name="replicas"/> replicas on it; skips the test when test.sh's server is not there.</summary>
    /// <param name="settings">Configuration on top of the cluster's own, for every replica.</param>
    public static async Task<PostgresCluster> StartAsync(int replicas, Func<int, Action<IServiceCollection>?>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("PORTAL_TEST_POSTGRES is not set; ./test.sh starts a PostgreSQL server and sets it.");
        }

        var cluster = new PostgresCluster(server, $"aigw_cluster_{Guid.NewGuid():N}", settings);
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{cluster._database}\"", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        for (var i = 0; i < replicas; i++)
        {
            cluster.StartReplica(services?.Invoke(i));
        }

        return cluster;
    }

    /// <summary>One more replica on the same database (a restart, a scale-out); started before it is returned.</summary>
    public GatewayFactory StartReplica(Action<IServiceCollection>? services = null)
    {
        var replica = new GatewayFactory(_settings, services, new TimerReportingClock(_start));
        // One after the other: the first applies the migrations the next then finds done.
        replica.CreateClient().Dispose();
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>
    /// A team with a per-minute request limit, a backend on the simulator with one deployment, an alias over it and a
    /// key, made through the first replica; every replica reloads.
    /// </summary>
    public async Task<(Guid TeamId, string Key)> ConfigureTeamAsync(
        SimulatorBackend simulator, string team, string backend, string deployment, string alias, int requestsPerMinute)
    {
        using var admin = _replicas[0].CreateAdminClient();
        var (teamId, key) = await TeamSetup.ConfigureAsync(admin, simulator, team, backend, deployment, alias, requestsPerMinute);
        foreach (var replica in _replicas)
        {
            await replica.ReloadAsync();
        }

        return (teamId, key);
    }

    /// <summary>GETs from the management API, expects 200, returns the body.</summary>
    public static async Task<JsonElement> GetAsync(HttpClient admin, string url)
    {
        using var response = await admin.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A page's <c>items</c>.</summary>
    public static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    /// <summary>
    /// The database goes down for the replicas: it refuses new connections and the ones open are ended, as when the
    /// server stops, while the server itself (and every other test's database on it) stays up.
    /// </summary>
    public async Task TakeDatabaseDownAsync()
    {
        await AdministerAsync($"ALTER DATABASE \"{_database}\" WITH ALLOW_CONNECTIONS false");
        await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_database}' AND pid <> pg_backend_pid()");
    }

    /// <summary>The database accepts connections again.</summary>
    public Task BringDatabaseBackAsync() => AdministerAsync($"ALTER DATABASE \"{_database}\" WITH ALLOW_CONNECTIONS true");

    /// <summary>A way into the cluster's database from the test, whatever the replicas' state.</summary>
    public Shared.Data.PortalDbContext CreateDbContext() =>
        new((Microsoft.EntityFrameworkCore.DbContextOptions<Shared.Data.PortalDbContext>)new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Shared.Data.PortalDbContext>()
            .UseProvider(Shared.Data.DatabaseProvider.Postgres, _settings["ConnectionStrings:Portal"]!).Options);

    private async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
