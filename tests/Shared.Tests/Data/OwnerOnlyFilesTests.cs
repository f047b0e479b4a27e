using AiGateway.Shared.Data;
using AiGateway.Shared.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Tests.Data;

/// <summary>What Development writes on a fresh clone (the hash secret, the SQLite database) only its owner can read.</summary>
public sealed class OwnerOnlyFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"aigw-owner-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Development_HashSecretDatabaseAndFolder_CreatedOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only.");
        }

        Directory.CreateDirectory(_root);
        var dataPath = Path.Combine(_root, "data");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, ContentRootPath = _root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataPath"] = dataPath });
        builder.AddGatewayData();
        await using var services = builder.Services.BuildServiceProvider();

        _ = services.GetRequiredService<IOptions<ApiKeyHashOptions>>().Value;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        const UnixFileMode ownerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerReadWrite | UnixFileMode.UserExecute, ModeOf(dataPath));
        Assert.Equal(ownerReadWrite, ModeOf(Path.Combine(dataPath, "api-key-hash.secret")));
        Assert.Equal(ownerReadWrite, ModeOf(Path.Combine(dataPath, DataServiceCollectionExtensions.DefaultSqliteFileName)));
        Assert.NotEmpty(await File.ReadAllTextAsync(Path.Combine(dataPath, "api-key-hash.secret")));
    }

    private static UnixFileMode ModeOf(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);
}
