using System.Globalization;
using System.Text.RegularExpressions;
using AiGateway.Portal.Components.Pages.Usage;
using AiGateway.Portal.Tests.Components.Dashboard;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Usage;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Usage;

public sealed class UsagePageTests : LiveFiguresTestBase
{
    private static readonly DateTimeOffset ThisMonth = new(2026, 11, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastMonth = new(2026, 10, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UsagePage_ByDefault_ShowsThisMonthsChargebackRows()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        var beta = await CreateTeamAsync("beta");
        await AddRollupAsync(alpha.Id, ThisMonth, 12, 1_000, 500, 0.25m);
        await AddRollupAsync(alpha.Id, ThisMonth.AddHours(1), 3, 100, 50, 0.05m, alias: "gpt-4o");
        await AddRollupAsync(beta.Id, ThisMonth, 7, 700, 70, 0.07m);
        await AddRollupAsync(alpha.Id, LastMonth, 99, 9_999, 999, 9m);

        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=chargeback-line]").Count));
        var alphaRequests = page.FindAll("[data-testid=chargeback-line][data-team='alpha'] [data-testid=chargeback-requests]").Select(c => c.TextContent.Trim());
        Assert.Equal(["3", "12"], alphaRequests);
        Assert.Equal("0.37", page.Find("[data-testid=chargeback-total]").TextContent.Trim());
        Assert.Contains("2026-11-01 00:00 to 2026-12-01 00:00", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsagePage_CurrentMonth_EndsTheSeriesNowInsteadOfDrawingTheDaysToComeAsZero()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await AddRollupAsync(alpha.Id, Start.AddDays(-1), 4, 400, 40, 0.004m);

        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=chargeback-line]")));
        var prompt = Chart(page, ChartType.Line).ChartSeries[0].Data;
        Assert.Equal(30, prompt.Count);
        var today = Start.Day - 1;
        Assert.All(prompt.Points.Take(today + 1), p => Assert.True(p.HasValue));
        Assert.All(prompt.Points.Skip(today + 1), p => Assert.False(p.HasValue));
        Assert.Equal(400, prompt[today - 1].Y);
        Assert.Equal(0, prompt[today].Y);
        Assert.Equal(30, Chart(page, ChartType.Line).ChartLabels.Length);
    }

    [Fact]
    public async Task UsagePage_CostsAreFractionsOfACent_TheCostChartIsScaledToThemAndShowsThem()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await AddRollupAsync(alpha.Id, ThisMonth, 4, 400, 40, 0.0042m);
        await AddRollupAsync(alpha.Id, ThisMonth.AddDays(1), 1, 100, 10, 0.0012m);

        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=chargeback-line]")));
        var heights = BarHeights(page.Find("[data-testid=usage-cost-chart]").InnerHtml);
        var tallest = heights.Max();
        Assert.True(tallest > 50, $"the tallest bar is {tallest} units high");
        Assert.Equal(0.0012 / 0.0042, heights.Where(h => h > 0).Min() / tallest, 2);
        var axis = page.Find("[data-testid=usage-cost-chart]").TextContent;
        Assert.Contains("0.004", axis, StringComparison.Ordinal);
        Assert.Contains("0.001", axis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsagePage_CostsBelowACent_ShowsThemInTheTableInsteadOfZero()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await AddRollupAsync(alpha.Id, ThisMonth, 4, 400, 40, 0.0042m);

        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.Equal("0.0042", page.Find("[data-testid=chargeback-total]").TextContent.Trim()));
        Assert.Equal("0.0042", page.Find("[data-testid=chargeback-team-total]").TextContent.Trim());
    }

    [Fact]
    public async Task UsagePage_Member_SeesOnlyTheirTeamsRows()
    {
        var alpha = await CreateTeamAsync("alpha", "mia@contoso.com");
        var beta = await CreateTeamAsync("beta");
        await AddRollupAsync(alpha.Id, ThisMonth, 12, 1_000, 500, 0.25m);
        await AddRollupAsync(beta.Id, ThisMonth, 7, 700, 70, 0.07m);
        SignInAsMember("mia@contoso.com");

        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=chargeback-line]")));
        Assert.Equal("alpha", page.Find("[data-testid=chargeback-line]").GetAttribute("data-team"));
        Assert.Equal("0.25", page.Find("[data-testid=chargeback-total]").TextContent.Trim());
        Assert.DoesNotContain("beta", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsagePage_MemberAskingForAnotherTeam_GetsNothingOfIt()
    {
        await CreateTeamAsync("alpha", "mia@contoso.com");
        var beta = await CreateTeamAsync("beta");
        await AddRollupAsync(beta.Id, ThisMonth, 7, 700, 70, 0.07m);
        SignInAsMember("mia@contoso.com");

        Services.GetRequiredService<NavigationManager>().NavigateTo($"/usage?teamId={beta.Id}");
        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.Contains("not a member", page.Find("[data-testid=usage-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=chargeback-line]"));
    }

    [Fact]
    public async Task UsagePage_CsvLink_NamesThePeriodAndTeam()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");

        Services.GetRequiredService<NavigationManager>().NavigateTo($"/usage?teamId={alpha.Id}");
        var page = Render<UsagePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=chargeback-csv]").GetAttribute("href")));
        var link = page.Find("[data-testid=chargeback-csv]");
        Assert.Equal(
            $"/portal/usage/chargeback.csv?from=2026-11-01T00%3A00%3A00Z&to=2026-12-01T00%3A00%3A00Z&teamId={alpha.Id}",
            link.GetAttribute("href"));
        Assert.Equal("chargeback-2026-11-01-2026-12-01.csv", link.GetAttribute("download"));
    }

    [Fact]
    public void UsageSeries_LongPeriod_SumsHoursIntoZeroFilledDays()
    {
        var period = new ReportPeriod(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero));
        var team = Guid.NewGuid();
        UsageHourlyView Row(int day, int hour, long prompt) =>
            new(new DateTimeOffset(2026, 11, day, hour, 0, 0, TimeSpan.Zero), team, null, "a", null, null, 1, prompt, 1, 0, 0, 0, 0.01m);

        var points = UsageSeries.Build(period, [Row(1, 3, 10), Row(1, 20, 5), Row(3, 0, 7)], period.To);

        Assert.Equal([15L, 0L, 7L], points.Select(p => p.PromptTokens));
        Assert.Equal([0.02m, 0m, 0.01m], points.Select(p => p.Cost));
    }

    [Fact]
    public void ChargebackScope_Member_DropsOtherTeamsAndFixedCostSummary()
    {
        var mine = Guid.NewGuid();
        var theirs = Guid.NewGuid();
        ChargebackTeamView Team(Guid id, long requests) => new(id, id.ToString(), requests, 1, 1, 0, 0, 0, 0, 1m, 2m, 3m, []);
        var report = new ChargebackReport(
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), null, [Team(mine, 5), Team(theirs, 7)],
            [new ChargebackFixedCostView(Guid.NewGuid(), "ptu", "b", 1, 3m, 10, 3m, 0m)], new ChargebackTotals(12, 2, 2, 0, 0, 0, 0, 2m, 4m, 6m), Provisional: true, OpenDays: []);

        var restricted = ChargebackScope.Restrict(report, new HashSet<Guid> { mine });

        Assert.Equal(mine, Assert.Single(restricted.Teams).TeamId);
        Assert.Equal(new ChargebackTotals(5, 1, 1, 0, 0, 0, 0, 1m, 2m, 3m), restricted.Totals);
        Assert.Empty(restricted.FixedCosts);
        Assert.Same(report, ChargebackScope.Restrict(report, null));
    }

    private static MudChart<double> Chart(IRenderedComponent<UsagePage> page, ChartType type) =>
        page.FindComponents<MudChart<double>>().Single(c => c.Instance.ChartType == type).Instance;

    /// <summary>The height of each bar in the chart's SVG: bars are drawn as vertical paths "M x bottom L x top".</summary>
    private static List<double> BarHeights(string svg) =>
        [.. Regex.Matches(svg, """class="mud-chart-bar"[^>]*?d="M [-\d.]+ ([-\d.]+) L [-\d.]+ ([-\d.]+)""")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))];
}
