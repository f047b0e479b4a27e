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
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Database:Provider must be Sqlite, SqlServer or Postgres."),
        };
    }
}
