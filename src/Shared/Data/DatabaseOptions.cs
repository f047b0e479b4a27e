namespace AiGateway.Shared.Data;

/// <summary>Settings under <c>Database</c>; the connection string is <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Portal";

    /// <summary><c>Database:Provider</c>: Sqlite (default), SqlServer or Postgres.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// <c>Database:MigrateOnStartup</c>: apply pending migrations when the process starts. Defaults to true for SQLite
    /// and false for the server databases, where a release pipeline usually applies the generated script.
    /// </summary>
    public bool? MigrateOnStartup { get; set; }

    /// <summary><c>Database:DataPath</c>: the folder for the default SQLite file; defaults to <c>data</c> under the content root.</summary>
    public string? DataPath { get; set; }

    public bool ShouldMigrateOnStartup => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
}
