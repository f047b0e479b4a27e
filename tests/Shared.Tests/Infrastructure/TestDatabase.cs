using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AiGateway.Shared.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on a real provider: a SQLite file, or a new database on the PostgreSQL server that
/// the test script starts (its connection string in <c>PORTAL_TEST_POSTGRES</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable, IDbContextFactory<PortalDbContext>
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private readonly string? _cleanup;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? cleanup)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _cleanup = cleanup;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"aigw-test-{Guid.NewGuid():N}.db");
            database = new TestDatabase(provider, $"Data Source={file};Pooling=false", file);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
            {
                Assert.Skip($"{PostgresVariable} is not set; ./test.sh starts a PostgreSQL server and sets it.");
            }

            var name = $"aigw_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
            database = new TestDatabase(provider, builder.ConnectionString, name);
        }

        if (migrate)
        {
            await using var db = database.CreateDbContext();
            await db.Database.MigrateAsync();
        }

        return database;
    }

    public DbContextOptions<PortalDbContext> Options()
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        builder.UseProvider(Provider, ConnectionString);
        return builder.Options;
    }

    public PortalDbContext CreateDbContext() => new(Options(), Clock);

    public async ValueTask DisposeAsync()
    {
        if (_cleanup is null)
        {
            return;
        }

        if (Provider == DatabaseProvider.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_cleanup + suffix);
            }

            return;
        }

        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_cleanup}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
