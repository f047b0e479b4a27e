using AiGateway.Shared.Data;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Requests;
using AiGateway.Shared.Tests.Infrastructure;

namespace AiGateway.Shared.Tests.Services.Explorer;

public sealed class RequestExplorerServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_ByRequestId_ShowsTheRequestWithItsNames(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.RequestAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(2), requestId: "req-wanted");
        await world.RequestAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(1));
        var service = new RequestExplorerService(database, world.Clock);

        var page = await service.SearchAsync(new RequestQuery { RequestId = "req-wanted" }, null, Ct);

        var found = Assert.Single(page.Items);
        Assert.Equal(("Contoso Retail", "checkout-service", "agw_CCCCCCCCCCCC"), (found.TeamName, found.KeyName, found.KeyPrefix));
        Assert.Equal(("gpt-4o-mini-ptu", "aoai-sweden", 200), (found.DeploymentName, found.BackendName, found.StatusCode));
        Assert.Equal((120, 30, 250, 80, false), (found.PromptTokens, found.CompletionTokens, found.LatencyMs, found.TimeToFirstTokenMs, found.Estimated));
        Assert.Equal(0.0042m, found.Cost);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_Filters_ByTeamKeyAliasStatusAndClass(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.RequestAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(1));
        await world.RequestAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(2), status: 429);
        await world.RequestAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromMinutes(3), status: 502, alias: "gpt-4o");
        await world.RequestAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromMinutes(4), status: 504);
        var service = new RequestExplorerService(database, world.Clock);

        Assert.Equal(2, (await service.SearchAsync(new RequestQuery { TeamId = world.Contoso.Id }, null, Ct)).Items.Count);
        Assert.Equal(2, (await service.SearchAsync(new RequestQuery { Key = world.FabrikamKey.Prefix }, null, Ct)).Items.Count);
        Assert.Single((await service.SearchAsync(new RequestQuery { Alias = "gpt-4o" }, null, Ct)).Items);
        Assert.Equal(429, Assert.Single((await service.SearchAsync(new RequestQuery { Status = "429" }, null, Ct)).Items).StatusCode);
        Assert.Equal([502, 504], (await service.SearchAsync(new RequestQuery { Status = "5xx" }, null, Ct)).Items.Select(r => r.StatusCode));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_Member_SeesOnlyTheirTeams(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ExplorerWorld.CreateAsync(database);
        await world.RequestAsync(world.Contoso, world.ContosoKey, TimeSpan.FromMinutes(1));
        await world.RequestAsync(world.Fabrikam, world.FabrikamKey, TimeSpan.FromMinutes(1), requestId: "req-fabrikam");
        var service = new RequestExplorerService(database, world.Clock);
        var contosoOnly = new HashSet<Guid> { world.Contoso.Id };

        Assert.Equal(world.Contoso.Id, Assert.Single((await service.SearchAsync(new RequestQuery(), contosoOnly, Ct)).Items).TeamId);
        Assert.Empty((await service.SearchAsync(new RequestQuery { RequestId = "req-fabrikam" }, contosoOnly, Ct)).Items);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("6xx")]
    [InlineData("99")]
    [InlineData("600")]
    public async Task Search_UnknownStatus_IsRefusedWithItsField(string status)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var service = new RequestExplorerService(database, TimeProvider.System);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => service.SearchAsync(new RequestQuery { Status = status }, null, Ct));

        Assert.Contains("status", error.Errors.Keys);
    }

    [Fact]
    public async Task Search_TakeOutOfRange_IsRefused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var service = new RequestExplorerService(database, TimeProvider.System);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => service.SearchAsync(new RequestQuery { Take = 501 }, null, Ct));

        Assert.Contains("take", error.Errors.Keys);
    }
}
