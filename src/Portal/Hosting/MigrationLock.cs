using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// Holds other migrating processes off the database for a whole run, where the provider's own lock does not.
/// EF Core 10's PostgreSQL provider locks the history table only inside each migration's transaction: two runs that
/// start together both read an empty history and both apply the first migrations, and one of them fails
/// ("column ... already exists"; tests/Deploy.Tests/Image/MigrateCommandTests). A session advisory lock taken before
/// the history is read makes the second run wait, then find nothing pending. SQL Server's (sp_getapplock, per session)
/// and SQLite's (a lock row) cover the whole run already.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    // Any constant shared by every process of the product; advisory locks are per database.
    private const long PostgresLockKey = 0x4149_4757_4D49_4752; // "AIGWMIGR"

    private readonly DbContext? _db;

    private MigrationLock(DbContext? db) => _db = db;

    public static async Task<MigrationLock> AcquireAsync(DbContext db, DatabaseProvider provider, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (provider != DatabaseProvider.Postgres)
        {
            return new MigrationLock(null);
        }

        // The lock belongs to the session: keep the connection open until it is released.
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgresLockKey})", ct);
        return new MigrationLock(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null)
        {
            return;
        }

        await _db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresLockKey})");
        await _db.Database.CloseConnectionAsync();
    }
}
