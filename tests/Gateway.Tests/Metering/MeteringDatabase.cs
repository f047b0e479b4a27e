using System.Data.Common;
using AiGateway.Shared.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>
/// A real SQLite database file with the product's model, whose connections can be made to fail as if the server were
/// down (<see cref="Down"/>), for the writer's tests. Reads through <see cref="Inspect"/> always work.
/// </summary>
internal sealed class MeteringDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"aigw-metering-{Guid.NewGuid():N}.db");
    private readonly OutageInterceptor _outage = new();
    private readonly LostCommitInterceptor _lostCommit = new();

    private MeteringDatabase()
    {
    }

    /// <summary>While true, every connection the writer opens fails.</summary>
    public bool Down
    {
        get => _outage.Down;
        set => _outage.Down = value;
    }

    /// <summary>
    /// While true, the next transaction commits and then the writer is told it failed, as when the connection drops
    /// before the server's acknowledgement arrives. Resets itself.
    /// </summary>
    public bool LoseNextCommitAcknowledgement
    {
        get => _lostCommit.Armed;
        set => _lostCommit.Armed = value;
    }

    private string ConnectionString => $"Data Source={_file};Pooling=false";

    public static async Task<MeteringDatabase> CreateAsync()
    {
        var database = new MeteringDatabase();
        await using var db = database.Inspect();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    public PortalDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionString).AddInterceptors(_outage, _lostCommit).Options);

    /// <summary>A context that bypasses the simulated outage, for arranging and asserting.</summary>
    public PortalDbContext Inspect() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>The request id of the record the database refuses after <see cref="RefuseOneRecordAsync"/>.</summary>
    public const string RefusedRequestId = "refused";

    /// <summary>Makes the database refuse one record, as a server refuses a value it cannot store, while staying reachable.</summary>
    public async Task RefuseOneRecordAsync()
    {
        await using var db = Inspect();
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse_record BEFORE INSERT ON UsageRecords WHEN NEW.RequestId = '" + RefusedRequestId + "' BEGIN SELECT RAISE(ABORT, 'refused'); END;");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(_file + suffix);
        }

        return ValueTask.CompletedTask;
    }

    private sealed class LostCommitInterceptor : DbTransactionInterceptor
    {
        public volatile bool Armed;

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Armed)
            {
                Armed = false;
                throw new SqliteException("the connection dropped before the commit was acknowledged (simulated)", 10);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class OutageInterceptor : DbConnectionInterceptor
    {
        public volatile bool Down;

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            ThrowIfDown();
            return result;
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return ValueTask.FromResult(result);
        }

        private void ThrowIfDown()
        {
            if (Down)
            {
                throw new SqliteException("unable to open database file (simulated outage)", 14);
            }
        }
    }
}
