using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Usage;
using AiGateway.Shared.Tests.Infrastructure;

namespace AiGateway.Shared.Tests.Services.Chargeback;

/// <summary>
/// Chargeback on real databases. Two teams share a provisioned deployment with a fixed monthly cost (and no per-token
/// price), allocated day by day; Contoso also spills over to a standard deployment billed per token. Every day is open
/// here (computed on the fly); <see cref="ClosedPeriodTests"/> closes them.
/// </summary>
public sealed class ChargebackServiceTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset December = November.AddMonths(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_WholeMonth_SplitsEachDaysFixedCostByThatDaysTokenShareAndBillsSpilloverPerToken(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(1), prompt: 200, completion: 100, requests: 3);
        await world.UseAsync(world.Fabrikam, world.Ptu, November.AddHours(20), prompt: 80, completion: 20, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, November.AddDays(10), prompt: 5, completion: 5, requests: 1);
        await world.UseAsync(world.Contoso, world.Standard, November.AddDays(20), prompt: 1000, completion: 500, requests: 2, cost: 1.25m);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        // 3000 over November's 30 days is 100 a day: the 1st split 300:100, the 11th all Fabrikam's; no one else's days.
        Assert.Equal((November, December), (report.From, report.To));
        var contoso = Assert.Single(report.Teams, t => t.TeamId == world.Contoso.Id);
        Assert.Equal("Contoso Retail", contoso.TeamName);
        Assert.Equal((5L, 1200L, 600L), (contoso.Requests, contoso.PromptTokens, contoso.CompletionTokens));
        Assert.Equal((1.25m, 75m, 76.25m), (contoso.TokenCost, contoso.FixedCost, contoso.TotalCost));
        var ptuLine = Assert.Single(contoso.Lines, l => l.DeploymentId == world.Ptu.Id);
        Assert.Equal(("ptu-gpt-4o", "aoai-ptu", BackendTier.Provisioned, 0m, 75m), (ptuLine.DeploymentName, ptuLine.BackendName, ptuLine.Tier, ptuLine.TokenCost, ptuLine.FixedCost));
        var spillover = Assert.Single(contoso.Lines, l => l.DeploymentId == world.Standard.Id);
        Assert.Equal((BackendTier.Standard, 1.25m, 0m, 1.25m), (spillover.Tier, spillover.TokenCost, spillover.FixedCost, spillover.TotalCost));

        var fabrikam = Assert.Single(report.Teams, t => t.TeamId == world.Fabrikam.Id);
        Assert.Equal((2L, 110L, 125m, 125m), (fabrikam.Requests, fabrikam.PromptTokens + fabrikam.CompletionTokens, fabrikam.FixedCost, fabrikam.TotalCost));

        var fixedCost = Assert.Single(report.FixedCosts);
        Assert.Equal((world.Ptu.Id, 30, 3000m, 410L, 200m, 2800m), (fixedCost.DeploymentId, fixedCost.Days, fixedCost.FixedCost, fixedCost.Tokens, fixedCost.AllocatedFixedCost, fixedCost.UnallocatedFixedCost));
        Assert.Equal((7L, 1.25m, 200m, 201.25m), (report.Totals.Requests, report.Totals.TokenCost, report.Totals.FixedCost, report.Totals.TotalCost));
        Assert.True(report.Provisional);
        Assert.Equal(30, report.OpenDays.Count);
    }

    [Fact]
    public async Task GetReport_RollupsWithEveryTokenType_ShowsEachOnTheLineTeamAndTotals()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: null);
        await world.AddRollupAsync(new UsageHourlyRollup
        {
            HourStart = November.AddHours(3), TeamId = world.Contoso.Id, AliasName = "o3", DeploymentId = world.Standard.Id, BackendId = world.Standard.BackendId,
            Requests = 2, PromptTokens = 1000, CompletionTokens = 700, CachedPromptTokens = 600, ReasoningTokens = 400, AudioPromptTokens = 50, AudioCompletionTokens = 20, Cost = 0.5m,
        });

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        var line = Assert.Single(Assert.Single(report.Teams).Lines);
        Assert.Equal((1000L, 700L, 600L, 400L, 50L, 20L), (line.PromptTokens, line.CompletionTokens, line.CachedPromptTokens, line.ReasoningTokens, line.AudioPromptTokens, line.AudioCompletionTokens));
        var team = report.Teams[0];
        Assert.Equal((600L, 400L, 50L, 20L), (team.CachedPromptTokens, team.ReasoningTokens, team.AudioPromptTokens, team.AudioCompletionTokens));
        Assert.Equal((600L, 400L, 50L, 20L), (report.Totals.CachedPromptTokens, report.Totals.ReasoningTokens, report.Totals.AudioPromptTokens, report.Totals.AudioCompletionTokens));
        Assert.Contains(",1000,700,600,400,50,20,0.5,0,0.5", ChargebackCsv.Write(report), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_RequestsNoBackendServed_NotCountedNorBilled_ButStillInTheHourlyThrottleAndErrorFigures(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(1), prompt: 200, completion: 100, requests: 2);
        // Every backend answered 429, or failed: the gateway records them with no tokens, under the last one tried.
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(1), prompt: 0, completion: 0, requests: 3, status: 429);
        await world.UseAsync(world.Contoso, world.Standard, November.AddHours(1), prompt: 0, completion: 0, requests: 1, status: 429);
        await world.UseAsync(world.Contoso, world.Standard, November.AddHours(1), prompt: 0, completion: 0, requests: 1, status: 502);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        var contoso = Assert.Single(report.Teams);
        // Only the two served requests; the standard deployment served nothing and has no line.
        var line = Assert.Single(contoso.Lines);
        Assert.Equal((world.Ptu.Id, 2L, 300L, 100m), (line.DeploymentId, line.Requests, line.PromptTokens + line.CompletionTokens, line.FixedCost));
        Assert.Equal(2L, report.Totals.Requests);
        var hourly = await new UsageReportService(database, world.Clock).ListHourlyAsync(November, December, world.Contoso.Id, Ct);
        Assert.Equal((7L, 4L, 1L, 2L), (hourly.Sum(h => h.Requests), hourly.Sum(h => h.ThrottledCount), hourly.Sum(h => h.ErrorCount), hourly.Sum(h => h.ServedRequests)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_PeriodAcrossTwoMonths_ChargesEachDayItsOwnMonthsDailyCost(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3100m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddDays(20), prompt: 300, completion: 0, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, December.AddDays(3), prompt: 100, completion: 0, requests: 1);

        var report = await world.Service.GetReportAsync(November.AddDays(15), December.AddDays(15), ct: Ct);

        // A November day costs 3100/30, a December day 3100/31; 15 of each.
        var fixedCost = Assert.Single(report.FixedCosts);
        Assert.Equal((30, 1549.99999995m + 1500m), (fixedCost.Days, fixedCost.FixedCost));
        Assert.Equal(103.33333333m, report.Teams.Single(t => t.TeamId == world.Contoso.Id).FixedCost);
        Assert.Equal(100m, report.Teams.Single(t => t.TeamId == world.Fabrikam.Id).FixedCost);
        Assert.Equal(203.33333333m, report.Totals.FixedCost);
    }

    [Fact]
    public async Task GetReport_PeriodCoversPartOfADay_CountsThatDaysFixedCostInProportion()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(2), prompt: 100, completion: 0, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, November.AddHours(14), prompt: 100, completion: 0, requests: 1);

        var report = await world.Service.GetReportAsync(November.AddHours(12), November.AddDays(1), ct: Ct);

        // Half the day is in the period: half of each team's 50, whichever half of the day it used the deployment in.
        Assert.Equal(50m, Assert.Single(report.FixedCosts).FixedCost);
        Assert.Equal([25m, 25m], report.Teams.Select(t => t.FixedCost));
        Assert.Equal(0L, report.Teams.Single(t => t.TeamId == world.Contoso.Id).Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_UsageJustOutsideThePeriod_IsNotCounted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Standard, November.AddMinutes(-1), prompt: 1, completion: 0, requests: 1, cost: 100m);
        await world.UseAsync(world.Contoso, world.Standard, November, prompt: 10, completion: 0, requests: 1, cost: 1m);
        await world.UseAsync(world.Contoso, world.Standard, December.AddMinutes(-1), prompt: 20, completion: 0, requests: 1, cost: 2m);
        await world.UseAsync(world.Contoso, world.Standard, December, prompt: 1, completion: 0, requests: 1, cost: 100m);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        Assert.Equal((2L, 30L, 3m), (report.Totals.Requests, report.Totals.PromptTokens, report.Totals.TokenCost));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_FilteredToOneTeam_GivesThatTeamTheSameShareAsTheFullReport(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(5), prompt: 300, completion: 0, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, November.AddHours(6), prompt: 100, completion: 0, requests: 1);

        var report = await world.Service.GetReportAsync(November, December, world.Fabrikam.Id, Ct);

        var fabrikam = Assert.Single(report.Teams);
        Assert.Equal((world.Fabrikam.Id, 25m), (fabrikam.TeamId, fabrikam.FixedCost));
        Assert.Equal((world.Fabrikam.Id, 1L, 25m), (report.TeamId, report.Totals.Requests, report.Totals.FixedCost));
        Assert.Equal((100m, 400L), (report.FixedCosts[0].AllocatedFixedCost, report.FixedCosts[0].Tokens));
    }

    [Fact]
    public async Task GetReport_ThreeEqualTeams_SharesAddUpToTheFixedCostExactly()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        var third = await world.AddTeamAsync("Northwind");
        foreach (var team in new[] { world.Contoso, world.Fabrikam, third })
        {
            await world.UseAsync(team, world.Ptu, November.AddDays(1), prompt: 10, completion: 0, requests: 1);
        }

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        Assert.Equal(100m, report.Teams.Sum(t => t.FixedCost));
        Assert.Equal([33.33333333m, 33.33333333m, 33.33333334m], report.Teams.Select(t => t.FixedCost).Order());
    }

    [Fact]
    public async Task GetReport_FixedCostDeploymentUnused_LeavesItsCostUnallocated()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Standard, November.AddDays(1), prompt: 10, completion: 0, requests: 1, cost: 0.5m);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        var fixedCost = Assert.Single(report.FixedCosts);
        Assert.Equal((3000m, 0m, 3000m), (fixedCost.FixedCost, fixedCost.AllocatedFixedCost, fixedCost.UnallocatedFixedCost));
        Assert.Equal((0m, 0.5m), (report.Totals.FixedCost, report.Totals.TotalCost));
    }

    [Fact]
    public async Task GetReport_NoPeriod_IsTheCurrentUtcMonth()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: null, now: new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.FromHours(-5)));

        var report = await world.Service.GetReportAsync(null, null, ct: Ct);
        var onlyFrom = await world.Service.GetReportAsync(November.AddDays(3), null, ct: Ct);
        var onlyTo = await world.Service.GetReportAsync(null, December, ct: Ct);

        // 23:30 at -05:00 on the 25th is already the 26th in UTC, still November.
        Assert.Equal((November, December), (report.From, report.To));
        Assert.Equal((November.AddDays(3), December), (onlyFrom.From, onlyFrom.To));
        Assert.Equal((November, December), (onlyTo.From, onlyTo.To));
        Assert.Empty(report.Teams);
        Assert.Empty(report.FixedCosts);
    }

    [Theory]
    [InlineData("2026-11-02", "2026-11-01")]
    [InlineData("2026-11-01", "2026-11-01")]
    [InlineData("2026-01-01", "2027-01-03")]
    public async Task GetReport_PeriodEmptyReversedOrTooLong_IsRefusedNamingTo(string from, string to)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await CreateWorldAsync(database, ptuMonthlyCost: null);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => world.Service.GetReportAsync(DateTimeOffset.Parse(from), DateTimeOffset.Parse(to), ct: Ct));

        Assert.Equal(["to"], error.Errors.Keys);
    }

    private static Task<ChargebackWorld> CreateWorldAsync(TestDatabase database, decimal? ptuMonthlyCost, DateTimeOffset? now = null) =>
        ChargebackWorld.CreateAsync(database, ptuMonthlyCost, now ?? December.AddDays(20));
}
