using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Tests.Services.Keys;

public sealed class ApiKeyPriorityTests
{
    private static readonly ApiKeyHasher Hasher = new(Options.Create(new ApiKeyHashOptions { ApiKeyHashSecret = Convert.ToBase64String(new byte[32]) }));

    [Fact]
    public async Task Issue_LowerClassThanTheTeam_IsKeptOnTheKey()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var team = await SeedTeamAsync(database, PriorityClass.Normal);
        var service = new ApiKeyService(database, Hasher, TimeProvider.System);

        var issued = await service.IssueAsync(team, new ApiKeyInput { Name = "batch", Priority = PriorityClass.Low }, "ops");

        Assert.Equal(PriorityClass.Low, (await service.GetAsync(issued.Key.Id)).Priority);
    }

    [Fact]
    public async Task Issue_HigherClassThanTheTeam_IsRefusedUnlessAnAdminAsks()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var team = await SeedTeamAsync(database, PriorityClass.Normal);
        var service = new ApiKeyService(database, Hasher, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(
            () => service.IssueAsync(team, new ApiKeyInput { Name = "raise", Priority = PriorityClass.High }, "member"));
        var issued = await service.IssueAsync(team, new ApiKeyInput { Name = "raise", Priority = PriorityClass.High }, "admin", mayRaisePriority: true);

        Assert.Contains("admin", Assert.Single(refused.Errors["priority"]), StringComparison.Ordinal);
        Assert.Equal(PriorityClass.High, issued.Key.Priority);
    }

    [Fact]
    public async Task SetPriority_NullGivesTheTeamsClassBack_AndAnUndefinedClassIsRefused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var team = await SeedTeamAsync(database, PriorityClass.High);
        var service = new ApiKeyService(database, Hasher, TimeProvider.System);
        var issued = await service.IssueAsync(team, new ApiKeyInput { Name = "k", Priority = PriorityClass.Low }, "ops");

        var cleared = await service.SetPriorityAsync(issued.Key.Id, null, "ops", mayRaisePriority: false);
        var refused = await Assert.ThrowsAsync<RequestValidationException>(
            () => service.SetPriorityAsync(issued.Key.Id, (PriorityClass)9, "ops", mayRaisePriority: true));

        Assert.Null(cleared.Priority);
        Assert.Contains("priority", refused.Errors.Keys);
    }

    private static async Task<Guid> SeedTeamAsync(TestDatabase database, PriorityClass priority)
    {
        await using var db = database.CreateDbContext();
        var team = SampleData.Team();
        team.Priority = priority;
        team.AllowedAliases = [];
        team.MaxKeyLifetimeDays = null;
        db.Add(team);
        await db.SaveConfigurationChangesAsync("test");
        return team.Id;
    }
}
