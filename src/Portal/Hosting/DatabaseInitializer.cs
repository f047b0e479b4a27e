using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// Brings the database to the current schema: at start-up when <c>Database:MigrateOnStartup</c> says so, and in the
/// <c>migrate</c> command a release runs once (<see cref="MigrateCommand"/>). Both go through <see cref="ApplyMigrationsAsync"/>.
/// </summary>
public static partial class DatabaseInitializer
{
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.ShouldMigrateOnStartup)
        {
            Log.MigrationSkipped(CreateLogger(app.Services), options.Provider);
            return;
        }

        await ApplyMigrationsAsync(app.Services, ct);
    }

    /// <summary>Applies the pending migrations of the configured provider, whatever <c>Database:MigrateOnStartup</c> says.</summary>
    public static async Task ApplyMigrationsAsync(IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = CreateLogger(services);

        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        // Several processes may migrate at once (two release jobs, replicas with MigrateOnStartup): under the lock,
        // one applies each migration and the others find nothing left to do.
        await using (await MigrationLock.AcquireAsync(db, options.Provider, ct))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(ct);
            }

            var current = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault() ?? "(none)";
            if (pending.Count > 0)
            {
                Log.Migrated(logger, options.Provider, current, pending.Count);
            }
            else
            {
                Log.UpToDate(logger, options.Provider, current);
            }
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets the dashboards read while the usage writer writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static ILogger CreateLogger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applied {Count} migration(s) to the {Provider} database; it is at migration {Migration}")]
        public static partial void Migrated(ILogger logger, DatabaseProvider provider, string migration, int count);

        [LoggerMessage(2, LogLevel.Information, "Database:MigrateOnStartup is off for {Provider}: run `migrate` once per release (dotnet AiGateway.Portal.dll migrate), or apply migrations/SqlServer/portal.sql")]
        public static partial void MigrationSkipped(ILogger logger, DatabaseProvider provider);

        [LoggerMessage(3, LogLevel.Information, "The {Provider} database is up to date at migration {Migration}")]
        public static partial void UpToDate(ILogger logger, DatabaseProvider provider, string migration);
    }
}
