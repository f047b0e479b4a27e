using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Tests.Services.Aliases;

public sealed class AliasCapacitySettingsTests
{
    [Fact]
    public async Task Create_WithCapacitySettings_StoresAndReturnsThem()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var deployment = await SeedDeploymentAsync(database);
        var service = new AliasService(database, TimeProvider.System);

        var created = await service.CreateAsync(Input(deployment) with
        {
            RoutingStrategy = RoutingStrategy.Latency, HighReservedPercent = 30, MaxQueueLength = 0, LowQueueSeconds = 0, NormalQueueSeconds = 5,
        }, "ops");

        var read = await service.GetAsync(created.Id);
        Assert.Equal(RoutingStrategy.Latency, read.RoutingStrategy);
        Assert.Equal(30, read.HighReservedPercent);
        Assert.Equal(0, read.MaxQueueLength);
        Assert.Equal(0, read.LowQueueSeconds);
        Assert.Equal(5, read.NormalQueueSeconds);
    }

    [Fact]
    public async Task Create_WithoutCapacitySettings_GetsWeightedRoutingAndTheDefaultQueue()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var deployment = await SeedDeploymentAsync(database);
        var service = new AliasService(database, TimeProvider.System);

        var created = await service.CreateAsync(Input(deployment), "ops");

        Assert.Equal(RoutingStrategy.Weighted, created.RoutingStrategy);
        Assert.Equal(0, created.HighReservedPercent);
        Assert.Equal(ModelAlias.DefaultMaxQueueLength, created.MaxQueueLength);
        Assert.Equal(ModelAlias.DefaultLowQueueSeconds, created.LowQueueSeconds);
        Assert.Equal(0, created.NormalQueueSeconds);
    }

    [Theory]
    [InlineData(91, 10, 1, 0, "highReservedPercent")]
    [InlineData(-1, 10, 1, 0, "highReservedPercent")]
    [InlineData(0, -1, 1, 0, "maxQueueLength")]
    [InlineData(0, 10_001, 1, 0, "maxQueueLength")]
    [InlineData(0, 10, -1, 0, "lowQueueSeconds")]
    [InlineData(0, 10, 601, 0, "lowQueueSeconds")]
    [InlineData(0, 10, 1, -0.5, "normalQueueSeconds")]
    [InlineData(0, 10, double.NaN, 0, "lowQueueSeconds")]
    public async Task Create_OutOfRangeCapacitySetting_IsRefusedNamingTheField(int reserved, int queueLength, double lowSeconds, double normalSeconds, string field)
    {
        // Refused before the database is touched, so an unmigrated one will do.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var input = Input(Guid.NewGuid()) with
        {
            HighReservedPercent = reserved, MaxQueueLength = queueLength, LowQueueSeconds = lowSeconds, NormalQueueSeconds = normalSeconds,
        };

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => new AliasService(database, TimeProvider.System).CreateAsync(input, "ops"));

        Assert.Equal([field], refused.Errors.Keys);
    }

    [Fact]
    public async Task Create_UnknownRoutingStrategy_IsRefused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var refused = await Assert.ThrowsAsync<RequestValidationException>(
            () => new AliasService(database, TimeProvider.System).CreateAsync(Input(Guid.NewGuid()) with { RoutingStrategy = (RoutingStrategy)7 }, "ops"));

        Assert.Contains("routingStrategy", refused.Errors.Keys);
    }

    private static AliasInput Input(Guid deployment) => new()
    {
        Name = "chat",
        Targets = [new AliasTargetInput { DeploymentId = deployment, Weight = 1 }],
    };

    private static async Task<Guid> SeedDeploymentAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var deployment = SampleData.Deployment(SampleData.Backend());
        db.Add(deployment);
        await db.SaveConfigurationChangesAsync("test");
        return deployment.Id;
    }
}
