using AiGateway.Shared.Data;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AiGateway.Shared.Tests.Migrations;

/// <summary>Each provider's migrations capture the model, apply from empty, and the SQL Server script is current.</summary>
public sealed class MigrationsTests
{
    public static TheoryData<DatabaseProvider> AllProviders => [DatabaseProvider.Sqlite, DatabaseProvider.SqlServer, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(AllProviders))]
    public void Model_HasNoChangesThatNoMigrationCaptures(DatabaseProvider provider)
    {
        using var db = DesignTimeContext(provider);
        Assert.False(
            db.Database.HasPendingModelChanges(),
            $"The model has changed since the last {provider} migration. Add one: dotnet ef migrations add <Name> --project migrations/{provider} --startup-project migrations/{provider}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_FromEmpty_AppliesEveryMigrationAndSeedsTheConfigurationVersion(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = database.CreateDbContext();
        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(1, (await db.ConfigVersions.SingleAsync()).Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_FromTheFirstMigrationWithData_KeepsTheRows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = database.CreateDbContext();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(db.Database.GetMigrations().First());
        var id = Guid.NewGuid();
        var insert = provider == DatabaseProvider.Sqlite
            ? "INSERT INTO \"Teams\" (\"Id\", \"Name\", \"Priority\", \"AllowedRegions\", \"AllowedAliases\", \"Enabled\", \"CreatedAt\") VALUES ({0}, 'Early team', 'Normal', '[]', '[]', 1, 0)"
            : "INSERT INTO \"Teams\" (\"Id\", \"Name\", \"Priority\", \"AllowedRegions\", \"AllowedAliases\", \"Enabled\", \"CreatedAt\") VALUES ({0}, 'Early team', 'Normal', '{{}}', '{{}}', true, now())";
        await db.Database.ExecuteSqlRawAsync(insert, id);

        await db.Database.MigrateAsync();

        var team = await db.Teams.AsNoTracking().SingleAsync(t => t.Id == id);
        Assert.Equal("Early team", team.Name);
        Assert.Empty(team.EntraAppIds);
    }

    [Fact]
    public void SqlServerScript_MatchesTheMigrations()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);
        var expected = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), "migrations", "SqlServer", "portal.sql"));
        Assert.True(
            Normalize(expected) == Normalize(committed),
            "migrations/SqlServer/portal.sql is out of date. Regenerate it: " +
            "dotnet ef migrations script --idempotent --project migrations/SqlServer --startup-project migrations/SqlServer -o migrations/SqlServer/portal.sql");
    }

    private static PortalDbContext DesignTimeContext(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new AiGateway.Migrations.Sqlite.DesignTimeDbContextFactory().CreateDbContext([]),
        DatabaseProvider.SqlServer => new AiGateway.Migrations.SqlServer.DesignTimeDbContextFactory().CreateDbContext([]),
        DatabaseProvider.Postgres => new AiGateway.Migrations.Postgres.DesignTimeDbContextFactory().CreateDbContext([]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static string Normalize(string script) => script.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test's folder.");
    }
}
