using System.Text.RegularExpressions;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>
/// <c>dotnet AiGateway.Portal.dll migrate</c>, the release's one schema step, run from the publish folder on a real
/// PostgreSQL server.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed partial class MigrateCommandTests(PublishedApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Migrate_EmptyPostgresDatabase_AppliesEveryMigrationThenFindsNothingToDo()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var first = await MigrateAsync(database);
        Assert.True(first.ExitCode == 0, first.Tail());
        Assert.Equal(MigrationsInRepository(), await database.AppliedMigrationsAsync());
        Assert.True(await database.TableExistsAsync("Teams"), "The schema's tables are missing.");
        Assert.Contains($"Applying migration '{MigrationsInRepository()[^1]}'", first.StandardOutput, StringComparison.Ordinal);

        var second = await MigrateAsync(database);
        Assert.True(second.ExitCode == 0, second.Tail());
        Assert.DoesNotContain("Applying migration", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("up to date", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(MigrationsInRepository(), await database.AppliedMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_TwoRunsAtOnce_BothSucceedAndEachMigrationIsAppliedOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        // EF Core's migration lock makes the second run wait, then find the history complete.
        var runs = await Task.WhenAll(MigrateAsync(database), MigrateAsync(database));

        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.Tail());
        }

        Assert.Equal(MigrationsInRepository(), await database.AppliedMigrationsAsync());
        foreach (var migration in MigrationsInRepository())
        {
            Assert.Equal(1, runs.Count(r => r.StandardOutput.Contains($"Applying migration '{migration}'", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Migrate_ServerProviderWithoutConnectionString_ExitsWithOneLineNamingTheSetting()
    {
        var result = await app.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = null,
        });

        Assert.NotEqual(0, result.ExitCode);
        var error = result.StandardError.Trim();
        Assert.Contains("ConnectionStrings:Portal", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_UnreachableServer_ExitsWithOneLineAndNoStackTrace()
    {
        var result = await app.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            // Port 1 on loopback: nothing listens, so the connection is refused at once.
            ["ConnectionStrings__Portal"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=aigw_unreachable;Timeout=5",
        });

        Assert.NotEqual(0, result.ExitCode);
        var error = result.StandardError.Trim();
        Assert.StartsWith("migrate failed: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The migrations the repository holds for PostgreSQL, by id, read from the folder dotnet-ef writes them to.</summary>
    private static List<string> MigrationsInRepository() =>
        Directory.GetFiles(RepositoryRoot.Combine("migrations", "Postgres", "Migrations"), "*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => MigrationFile().IsMatch(name))
            .Order(StringComparer.Ordinal)
            .ToList();

    private async Task<DotnetResult> MigrateAsync(PostgresDatabase database)
    {
        var result = await app.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = database.ConnectionString,
        });
        output.WriteLine($"migrate exited with {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    // 20261125115644_Initial, not its .Designer partial nor the model snapshot.
    [GeneratedRegex(@"^\d{14}_\w+$")]
    private static partial Regex MigrationFile();
}
