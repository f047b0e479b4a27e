using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Hosting;

/// <summary>Brings the database to the current schema at start-up when <c>Database:MigrateOnStartup</c> says so.</summary>
public static partial class DatabaseInitializer
{
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        if (!options.ShouldMigrateOnStartup)
        {
            Log.MigrationSkipped(logger, options.Provider);
            return;
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(ct);
            Log.Migrated(logger, options.Provider, pending.Count);
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets the dashboards read while the usage writer writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applied {Count} migration(s) to the {Provider} database")]
        public static partial void Migrated(ILogger logger, DatabaseProvider provider, int count);

        [LoggerMessage(2, LogLevel.Information, "Database:MigrateOnStartup is off for {Provider}; expecting the schema to be applied by the release (migrations/SqlServer/portal.sql)")]
        public static partial void MigrationSkipped(ILogger logger, DatabaseProvider provider);
    }
}
