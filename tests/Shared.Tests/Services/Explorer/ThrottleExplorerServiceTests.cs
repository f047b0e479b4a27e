using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Throttling;
using AiGateway.Shared.Tests.Infrastructure;

namespace AiGateway.Shared.Tests.Services.Explorer;

public sealed class ThrottleExplorerServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_StoredEvents_NewestFirstWithEveryDetail(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.ThrottledAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(30));
        await world.ThrottledAsync(world.Contoso, null, TimeSpan.FromMinutes(5), ThrottleEventKind.BackendThrottle);
        var service = new ThrottleExplorerService(database, world.Clock);

        var page = await service.SearchAsync(new ThrottleEventQuery(), null, Ct);

        Assert.Equal(2, page.Items.Count);
        Assert.False(page.HasMore);
        var newest = page.Items[0];
        Assert.Equal((ThrottleEventKind.BackendThrottle, "gpt-4o-mini-ptu"), (newest.Kind, newest.DeploymentName));
        var refusal = page.Items[1];
        Assert.Equal(("TokensPerMinute", "agw_CCCCCCCCCCCC", "checkout-service", TimeSpan.FromMilliseconds(1500)), (refusal.QuotaLimit, refusal.KeyPrefix, refusal.KeyName, refusal.RetryAfter));
        Assert.Equal((SampleData.Now.AddHours(-1), SampleData.Now.AddMinutes(1)), (page.From, page.To));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_Filters_ByTeamKeyAliasKindAndPeriod(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.ThrottledAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(1));
        await world.ThrottledAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromMinutes(2), alias: "gpt-4o");
        await world.ThrottledAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromMinutes(3), ThrottleEventKind.BackendThrottle);
        await world.ThrottledAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromHours(3));
        var service = new ThrottleExplorerService(database, world.Clock);

        Assert.Equal(2, (await service.SearchAsync(new ThrottleEventQuery { TeamId = world.Fabrikam.Id }, null, Ct)).Items.Count);
        Assert.Equal(3, (await service.SearchAsync(new ThrottleEventQuery { TeamId = world.Fabrikam.Id, Hours = 4 }, null, Ct)).Items.Count);
        Assert.Equal(2, (await service.SearchAsync(new ThrottleEventQuery { Key = "fabrikam-batch" }, null, Ct)).Items.Count);
        Assert.Single((await service.SearchAsync(new ThrottleEventQuery { Key = "agw_CCCCCCCCCCCC" }, null, Ct)).Items);
        Assert.Single((await service.SearchAsync(new ThrottleEventQuery { Alias = "gpt-4o" }, null, Ct)).Items);
        Assert.Single((await service.SearchAsync(new ThrottleEventQuery { Kind = ThrottleEventKind.BackendThrottle }, null, Ct)).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_Member_SeesOnlyTheirTeams(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.ThrottledAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(1));
        await world.ThrottledAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromMinutes(2));
        var service = new ThrottleExplorerService(database, world.Clock);
        var contosoOnly = new HashSet<Guid> { world.Contoso.Id };

        var all = await service.SearchAsync(new ThrottleEventQuery(), contosoOnly, Ct);
        var asked = await service.SearchAsync(new ThrottleEventQuery { TeamId = world.Fabrikam.Id }, contosoOnly, Ct);

        Assert.Equal(world.Contoso.Id, Assert.Single(all.Items).TeamId);
        Assert.Empty(asked.Items);
        Assert.Empty((await service.SearchAsync(new ThrottleEventQuery(), new HashSet<Guid>(), Ct)).Items);
    }

    [Fact]
    public async Task Search_Pages_SkipAndTakeWithHasMore()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await ExplorerWorld.CreateAsync(database);
        for (var i = 0; i < 5; i++)
        {
            await world.ThrottledAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(i + 1));
        }

        var service = new ThrottleExplorerService(database, world.Clock);

        var first = await service.SearchAsync(new ThrottleEventQuery { Take = 2 }, null, Ct);
        var last = await service.SearchAsync(new ThrottleEventQuery { Take = 2, Skip = 4, To = first.To }, null, Ct);

        Assert.True(first.HasMore);
        Assert.Equal(SampleData.Now.AddMinutes(-1), first.Items[0].At);
        Assert.False(last.HasMore);
        Assert.Equal(SampleData.Now.AddMinutes(-5), Assert.Single(last.Items).At);
    }

    [Fact]
    public async Task Search_TheWholeWeekUpToNow_IsAllowedAndFindsTheNewest()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.ThrottledAsync(world.Contoso, world.ContosoKey, TimeSpan.Zero);
        var service = new ThrottleExplorerService(database, world.Clock);

        var page = await service.SearchAsync(new ThrottleEventQuery { Hours = 168 }, null, Ct);

        Assert.Single(page.Items);
    }

    [Theory]
    [InlineData(0, null, "hours")]
    [InlineData(169, null, "hours")]
    [InlineData(null, 8 * 24, "to")]
    public async Task Search_BadPeriod_NamesTheField(int? hours, int? fromHoursAgo, string field)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var service = new ThrottleExplorerService(database, TimeProvider.System);
        var query = new ThrottleEventQuery { Hours = hours, From = fromHoursAgo is { } h ? DateTimeOffset.UtcNow.AddHours(-h) : null };

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => service.SearchAsync(query, null, Ct));

        Assert.Contains(field, error.Errors.Keys);
    }
}
