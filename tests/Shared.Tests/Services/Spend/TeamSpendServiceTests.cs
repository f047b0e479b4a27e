using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Spend;
using AiGateway.Shared.Tests.Infrastructure;
using AiGateway.Shared.Tests.Services.Chargeback;

namespace AiGateway.Shared.Tests.Services.Spend;

/// <summary>
/// A team's own spend view on a real database, on the 11th of November at midnight: a third of the month has elapsed.
/// Contoso calls through two keys and two aliases; the provisioned deployment costs 3000 a month (100 a day).
/// </summary>
public sealed class TeamSpendServiceTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = November.AddDays(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_PerKeyAndAlias_TokenCostAndFixedShareAddUpToTheTeamsBill()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (world, checkout, search) = await ArrangeAsync(database);

        var spend = await world.Spend.GetAsync(world.Contoso.Id, "2026-11", Ct);

        Assert.Equal(("Contoso Retail", "2026-11", November, November.AddMonths(1), true), (spend.TeamName, spend.Month, spend.From, spend.To, spend.Provisional));
        // The 2nd: checkout 300 and search 100 tokens on the PTU through gpt-4o: 75 and 25 of that day's 100.
        var checkoutLine = Assert.Single(spend.Keys, k => k.Id == checkout.Id);
        Assert.Equal(("checkout", "agw_CHECKOUT0001", 2.5m, 75m, 77.5m), (checkoutLine.Name, checkoutLine.Prefix, checkoutLine.TokenCost, checkoutLine.FixedCost, checkoutLine.TotalCost));
        var searchLine = Assert.Single(spend.Keys, k => k.Id == search.Id);
        Assert.Equal((0.5m, 25m, 25.5m), (searchLine.TokenCost, searchLine.FixedCost, searchLine.TotalCost));
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], spend.Aliases.Select(a => a.Name));
        Assert.Equal((100m, 2m), (spend.Aliases[0].FixedCost, spend.Aliases[1].TokenCost));
        Assert.Equal((3m, 100m, 103m), (spend.TokenCost, spend.FixedCost, spend.TotalCost));
        Assert.Equal(spend.TotalCost, spend.Keys.Sum(k => k.TotalCost));
        Assert.Equal(spend.TotalCost, spend.Aliases.Sum(a => a.TotalCost));
    }

    [Fact]
    public async Task Get_CurrentMonth_ForecastsTheMonthAtTheRateSoFar()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (world, _, _) = await ArrangeAsync(database);

        var spend = await world.Spend.GetAsync(world.Contoso.Id, null, Ct);

        var forecast = Assert.IsType<SpendForecast>(spend.Forecast);
        Assert.Equal(Math.Round(1m / 3, 6), forecast.ElapsedShare);
        Assert.Equal((309m, 9m), (forecast.TotalCost, forecast.TokenCost));
        Assert.Null((await world.Spend.GetAsync(world.Contoso.Id, "2026-12", Ct)).Forecast);
        world.Clock.Advance(TimeSpan.FromDays(40));
        var ended = await world.Spend.GetAsync(world.Contoso.Id, "2026-11", Ct);
        Assert.Equal((1m, 103m), (ended.Forecast!.ElapsedShare, ended.Forecast.TotalCost));
    }

    [Fact]
    public async Task Get_Budgets_ShowUseLimitAndPercentForTheTeamKeyAndAlias()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (world, checkout, _) = await ArrangeAsync(database);
        var mini = SampleData.Alias("gpt-4o-mini", world.Standard);
        mini.Targets.Clear();
        await world.SaveAsync(mini);
        await world.SaveAsync(new QuotaPolicy { Scope = QuotaScope.Team, TeamId = world.Contoso.Id, ScopeKey = QuotaPolicy.KeyFor(QuotaScope.Team, world.Contoso.Id, null, null), MonthlyCostBudget = 12m, DailyTokenBudget = 1000 });
        await world.SaveAsync(new QuotaPolicy { Scope = QuotaScope.Key, TeamId = world.Contoso.Id, ApiKeyId = checkout.Id, ScopeKey = QuotaPolicy.KeyFor(QuotaScope.Key, world.Contoso.Id, checkout.Id, null), MonthlyTokenBudget = 1000 });
        await world.SaveAsync(new QuotaPolicy { Scope = QuotaScope.TeamAlias, TeamId = world.Contoso.Id, AliasId = mini.Id, ScopeKey = QuotaPolicy.KeyFor(QuotaScope.TeamAlias, world.Contoso.Id, null, mini.Id), DailyCostBudget = 4m });
        // Today (the 11th): 250 tokens for 1.00 through gpt-4o-mini.
        await world.UseAsync(world.Contoso, world.Standard, Now.AddHours(1), prompt: 200, completion: 50, requests: 1, cost: 1m, alias: "gpt-4o-mini", key: checkout);
        world.Clock.Advance(TimeSpan.FromHours(2));

        var budgets = (await world.Spend.GetAsync(world.Contoso.Id, null, Ct)).Budgets;

        var teamMonth = Assert.Single(budgets, b => b.Scope == QuotaScope.Team && b.Window == BudgetWindow.Month);
        Assert.Equal(("The whole team", BudgetUnit.Cost, 4m, 12m, 33.3m), (teamMonth.Subject, teamMonth.Unit, teamMonth.Used, teamMonth.Limit, teamMonth.Percent));
        Assert.NotNull(teamMonth.Forecast);
        var teamDay = Assert.Single(budgets, b => b.Scope == QuotaScope.Team && b.Window == BudgetWindow.Day);
        Assert.Equal((BudgetUnit.Tokens, 250m, 1000m, 25m), (teamDay.Unit, teamDay.Used, teamDay.Limit, teamDay.Percent));
        var key = Assert.Single(budgets, b => b.Scope == QuotaScope.Key);
        Assert.Equal(("Key checkout", BudgetUnit.Tokens, 300m + 1000m + 250m, 155m), (key.Subject, key.Unit, key.Used, key.Percent));
        var alias = Assert.Single(budgets, b => b.Scope == QuotaScope.TeamAlias);
        Assert.Equal(("Alias gpt-4o-mini", BudgetWindow.Day, 1m, 25m), (alias.Subject, alias.Window, alias.Used, alias.Percent));
        var october = await world.Spend.GetAsync(world.Contoso.Id, "2026-10", Ct);
        Assert.DoesNotContain(october.Budgets, b => b.Window == BudgetWindow.Day);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("November")]
    [InlineData("2026-11-01")]
    public async Task Get_BadMonth_IsRefusedNamingMonth(string month)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (world, _, _) = await ArrangeAsync(database);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => world.Spend.GetAsync(world.Contoso.Id, month, Ct));

        Assert.Equal(["month"], error.Errors.Keys);
    }

    [Fact]
    public async Task Get_UnknownTeam_IsNotFound()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (world, _, _) = await ArrangeAsync(database);

        await Assert.ThrowsAsync<EntityNotFoundException>(() => world.Spend.GetAsync(Guid.NewGuid(), null, Ct));
    }

    private static async Task<(ChargebackWorld World, ApiKey Checkout, ApiKey Search)> ArrangeAsync(TestDatabase database)
    {
        var world = await ChargebackWorld.CreateAsync(database, 3000m, Now);
        var checkout = await world.AddKeyAsync(world.Contoso, "checkout", "agw_CHECKOUT0001");
        var search = await world.AddKeyAsync(world.Contoso, "search", "agw_SEARCH000001");
        await world.UseAsync(world.Contoso, world.Ptu, November.AddDays(1).AddHours(3), prompt: 300, completion: 0, requests: 1, cost: 0.5m, key: checkout);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddDays(1).AddHours(4), prompt: 100, completion: 0, requests: 1, cost: 0.5m, key: search);
        await world.UseAsync(world.Contoso, world.Standard, November.AddDays(5), prompt: 1000, completion: 0, requests: 2, cost: 2m, alias: "gpt-4o-mini", key: checkout);
        await world.UseAsync(world.Fabrikam, world.Standard, November.AddDays(5), prompt: 50, completion: 0, requests: 1, cost: 9m);
        return (world, checkout, search);
    }
}
