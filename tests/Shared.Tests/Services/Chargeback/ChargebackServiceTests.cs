using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Usage;
using AiGateway.Shared.Tests.Infrastructure;

namespace AiGateway.Shared.Tests.Services.Chargeback;

/// <summary>
/// Chargeback on real databases. Two teams share a provisioned deployment with a fixed monthly cost (and no per-token
/// price); Contoso also spills over to a standard deployment billed per token.
/// </summary>
public sealed class ChargebackServiceTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset December = November.AddMonths(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_WholeMonth_SplitsTheFixedCostByTokenShareAndBillsSpilloverPerToken(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await World.CreateAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(1), prompt: 200, completion: 100, requests: 3);
        await world.UseAsync(world.Fabrikam, world.Ptu, November.AddDays(10), prompt: 80, completion: 20, requests: 1);
        await world.UseAsync(world.Contoso, world.Standard, November.AddDays(20), prompt: 1000, completion: 500, requests: 2, cost: 1.25m);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        Assert.Equal((November, December), (report.From, report.To));
        var contoso = Assert.Single(report.Teams, t => t.TeamId == world.Contoso.Id);
        Assert.Equal("Contoso Retail", contoso.TeamName);
        Assert.Equal((5L, 1200L, 600L), (contoso.Requests, contoso.PromptTokens, contoso.CompletionTokens));
        Assert.Equal((1.25m, 2250m, 2251.25m), (contoso.TokenCost, contoso.FixedCost, contoso.TotalCost));
        var ptuLine = Assert.Single(contoso.Lines, l => l.DeploymentId == world.Ptu.Id);
        Assert.Equal(("ptu-gpt-4o", "aoai-ptu", BackendTier.Provisioned, 0m, 2250m), (ptuLine.DeploymentName, ptuLine.BackendName, ptuLine.Tier, ptuLine.TokenCost, ptuLine.FixedCost));
        var spillover = Assert.Single(contoso.Lines, l => l.DeploymentId == world.Standard.Id);
        Assert.Equal((BackendTier.Standard, 1.25m, 0m, 1.25m), (spillover.Tier, spillover.TokenCost, spillover.FixedCost, spillover.TotalCost));

        var fabrikam = Assert.Single(report.Teams, t => t.TeamId == world.Fabrikam.Id);
        Assert.Equal((1L, 100L, 750m, 750m), (fabrikam.Requests, fabrikam.PromptTokens + fabrikam.CompletionTokens, fabrikam.FixedCost, fabrikam.TotalCost));

        var fixedCost = Assert.Single(report.FixedCosts);
        Assert.Equal((world.Ptu.Id, 3000m, 3000m, 400L, 3000m, 0m), (fixedCost.DeploymentId, fixedCost.MonthlyFixedCost, fixedCost.ProratedFixedCost, fixedCost.Tokens, fixedCost.AllocatedFixedCost, fixedCost.UnallocatedFixedCost));
        Assert.Equal((6L, 1.25m, 3000m, 3001.25m), (report.Totals.Requests, report.Totals.TokenCost, report.Totals.FixedCost, report.Totals.TotalCost));
        Assert.Equal(report.Totals.FixedCost, report.Teams.Sum(t => t.FixedCost));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_RequestsNoBackendServed_NotCountedNorBilled_ButStillInTheHourlyThrottleAndErrorFigures(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await World.CreateAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(1), prompt: 200, completion: 100, requests: 2);
        // Every backend answered 429, or failed: the gateway records them with no tokens, under the last one tried.
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(1), prompt: 0, completion: 0, requests: 3, status: 429);
        await world.UseAsync(world.Contoso, world.Standard, November.AddHours(1), prompt: 0, completion: 0, requests: 1, status: 429);
        await world.UseAsync(world.Contoso, world.Standard, November.AddHours(1), prompt: 0, completion: 0, requests: 1, status: 502);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        var contoso = Assert.Single(report.Teams);
        // Only the two served requests; the standard deployment served nothing and has no line.
        var line = Assert.Single(contoso.Lines);
        Assert.Equal((world.Ptu.Id, 2L, 300L, 3000m), (line.DeploymentId, line.Requests, line.PromptTokens + line.CompletionTokens, line.FixedCost));
        Assert.Equal(2L, report.Totals.Requests);
        var hourly = await new UsageReportService(database, new FixedClock(November.AddHours(2))).ListHourlyAsync(November, December, world.Contoso.Id, Ct);
        Assert.Equal((7L, 4L, 1L, 2L), (hourly.Sum(h => h.Requests), hourly.Sum(h => h.ThrottledCount), hourly.Sum(h => h.ErrorCount), hourly.Sum(h => h.ServedRequests)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_PeriodAcrossTwoMonths_ProratesTheFixedCostByEachMonthsCoveredShare(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await World.CreateAsync(database, ptuMonthlyCost: 3100m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddDays(20), prompt: 300, completion: 0, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, December.AddDays(3), prompt: 100, completion: 0, requests: 1);

        var report = await world.Service.GetReportAsync(November.AddDays(15), December.AddDays(15), ct: Ct);

        // 15/30 of November's 3100 and 15/31 of December's.
        Assert.Equal(3050m, Assert.Single(report.FixedCosts).ProratedFixedCost);
        Assert.Equal(2287.5m, report.Teams.Single(t => t.TeamId == world.Contoso.Id).FixedCost);
        Assert.Equal(762.5m, report.Teams.Single(t => t.TeamId == world.Fabrikam.Id).FixedCost);
        Assert.Equal(3050m, report.Totals.FixedCost);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetReport_UsageJustOutsideThePeriod_IsNotCounted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await World.CreateAsync(database, ptuMonthlyCost: 3000m);
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
        var world = await World.CreateAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Ptu, November.AddHours(5), prompt: 300, completion: 0, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, November.AddHours(6), prompt: 100, completion: 0, requests: 1);

        var report = await world.Service.GetReportAsync(November, December, world.Fabrikam.Id, Ct);

        var fabrikam = Assert.Single(report.Teams);
        Assert.Equal((world.Fabrikam.Id, 750m), (fabrikam.TeamId, fabrikam.FixedCost));
        Assert.Equal((world.Fabrikam.Id, 1L, 750m), (report.TeamId, report.Totals.Requests, report.Totals.FixedCost));
        Assert.Equal((3000m, 400L), (report.FixedCosts[0].AllocatedFixedCost, report.FixedCosts[0].Tokens));
    }

    [Fact]
    public async Task GetReport_ThreeEqualTeams_SharesAddUpToTheFixedCostExactly()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await World.CreateAsync(database, ptuMonthlyCost: 100m);
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
        var world = await World.CreateAsync(database, ptuMonthlyCost: 3000m);
        await world.UseAsync(world.Contoso, world.Standard, November.AddDays(1), prompt: 10, completion: 0, requests: 1, cost: 0.5m);

        var report = await world.Service.GetReportAsync(November, December, ct: Ct);

        var fixedCost = Assert.Single(report.FixedCosts);
        Assert.Equal((3000m, 0m, 3000m), (fixedCost.ProratedFixedCost, fixedCost.AllocatedFixedCost, fixedCost.UnallocatedFixedCost));
        Assert.Equal((0m, 0.5m), (report.Totals.FixedCost, report.Totals.TotalCost));
    }

    [Fact]
    public async Task GetReport_NoPeriod_IsTheCurrentUtcMonth()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await World.CreateAsync(database, ptuMonthlyCost: null, now: new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.FromHours(-5)));

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
        var world = await World.CreateAsync(database, ptuMonthlyCost: null);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => world.Service.GetReportAsync(DateTimeOffset.Parse(from), DateTimeOffset.Parse(to), ct: Ct));

        Assert.Equal(["to"], error.Errors.Keys);
    }

    /// <summary>Teams, a provisioned and a standard deployment, and usage written the way the gateway writes it.</summary>
    private sealed class World(TestDatabase database, ChargebackService service)
    {
        public ChargebackService Service { get; } = service;
        public Team Contoso { get; private set; } = null!;
        public Team Fabrikam { get; private set; } = null!;
        public Deployment Ptu { get; private set; } = null!;
        public Deployment Standard { get; private set; } = null!;

        public static async Task<World> CreateAsync(TestDatabase database, decimal? ptuMonthlyCost, DateTimeOffset? now = null)
        {
            var world = new World(database, new ChargebackService(database, new FixedClock(now ?? November.AddDays(24))));
            var ptuBackend = SampleData.Backend("aoai-ptu");
            var standardBackend = SampleData.Backend("aoai-standard");
            standardBackend.Tier = BackendTier.Standard;
            world.Ptu = SampleData.Deployment(ptuBackend, "ptu-gpt-4o");
            world.Ptu.Prices = [SampleData.Price(0m, 0m, monthlyFixedCost: ptuMonthlyCost)];
            world.Standard = SampleData.Deployment(standardBackend, "paygo-gpt-4o");
            world.Contoso = SampleData.Team("Contoso Retail");
            world.Fabrikam = SampleData.Team("Fabrikam");
            await using var db = database.CreateDbContext();
            db.AddRange(world.Contoso, world.Fabrikam, ptuBackend, standardBackend, world.Ptu, world.Standard);
            await db.SaveConfigurationChangesAsync("tester");
            return world;
        }

        public async Task<Team> AddTeamAsync(string name)
        {
            var team = SampleData.Team(name);
            await using var db = database.CreateDbContext();
            db.Teams.Add(team);
            await db.SaveConfigurationChangesAsync("tester");
            return team;
        }

        public Task UseAsync(Team team, Deployment deployment, DateTimeOffset at, int prompt, int completion, int requests, decimal cost = 0m, int status = 200) =>
            new UsageRollupWriter(database).WriteAsync(
                [.. Enumerable.Range(0, requests).Select(i => new UsageRecord
                {
                    At = at,
                    RequestId = Guid.NewGuid().ToString("N"),
                    TeamId = team.Id,
                    ApiKeyId = null,
                    AliasName = "gpt-4o",
                    DeploymentId = deployment.Id,
                    BackendId = deployment.BackendId,
                    Operation = "chat.completions",
                    // The totals given are for all the requests; the first carries the remainder.
                    PromptTokens = prompt / requests + (i == 0 ? prompt % requests : 0),
                    CompletionTokens = completion / requests + (i == 0 ? completion % requests : 0),
                    StatusCode = status,
                    LatencyMs = 100,
                    Cost = i == 0 ? cost : 0m,
                })],
                TestContext.Current.CancellationToken);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
