using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Data;

/// <summary>Points a context at one provider with that provider's migrations assembly; used by the host, the design-time factories and the tests alike.</summary>
public static class PortalDbContextOptions
{
    public const string SqliteMigrationsAssembly = "AiGateway.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "AiGateway.Migrations.SqlServer";
    public const string PostgresMigrationsAssembly = "AiGateway.Migrations.Postgres";

    public static DbContextOptionsBuilder UseProvider(this DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return provider switch
        {
            DatabaseProvider.Sqlite => UseSqlite(builder, connectionString),
            DatabaseProvider.SqlServer => UseSqlServer(builder, connectionString),
            DatabaseProvider.Postgres => UseNpgsql(builder, connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Database:Provider must be Sqlite, SqlServer or Postgres."),
        };
    }

    // One method per provider, never inlined, so that only the chosen provider's assemblies are loaded (each of the
    // others costs a replica a megabyte or two of memory for nothing).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbContextOptionsBuilder UseSqlServer(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbContextOptionsBuilder UseNpgsql(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
}
