using AiGateway.Portal.Components.Pages;
using Bunit;

namespace AiGateway.Portal.Tests.Components.Dashboard;

public sealed class DashboardTests : LiveFiguresTestBase
{
    private static string TeamRequests(IRenderedComponent<Home> page, string team) =>
        page.Find($"[data-testid=team-row][data-team='{team}'] [data-testid=team-requests]").TextContent.Trim();

    [Fact]
    public async Task Dashboard_LiveTraffic_ShowsEachTeamsRequestsAndTokens()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        var beta = await CreateTeamAsync("beta");
        await ServedAsync(alpha, count: 3, tokens: 200);
        await ServedAsync(beta, count: 1, tokens: 50);

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("3", TeamRequests(page, "alpha")));
        Assert.Equal("1", TeamRequests(page, "beta"));
        Assert.Equal("600", page.Find("[data-testid=team-row][data-team='alpha'] [data-testid=team-tokens]").TextContent.Trim());
        Assert.Equal("4", page.Find("[data-testid=backend-row][data-name='ptu-sweden'] [data-testid=backend-requests]").TextContent.Trim());
        Assert.Contains("≤ 150 ms", page.Find("[data-testid=latency]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_TimerTicks_ShowsNewRequestsWithoutReload()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await ServedAsync(alpha, count: 2);
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.Equal("2", TeamRequests(page, "alpha")));

        await ServedAsync(alpha, count: 5);
        Assert.Equal("2", TeamRequests(page, "alpha"));
        Clock.Advance(Home.RefreshInterval);

        page.WaitForAssertion(() => Assert.Equal("7", TeamRequests(page, "alpha")));
    }

    [Fact]
    public async Task Dashboard_ErrorsAndThrottles_ShowsTheirRates()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await ServedAsync(alpha, count: 8);
        await ServedAsync(alpha, count: 1, status: 503);
        await ServedAsync(alpha, count: 1, status: 429);

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("10.0%", page.Find("[data-testid=error-rate]").TextContent.Trim()));
        Assert.Equal("10.0%", page.Find("[data-testid=throttle-rate]").TextContent.Trim());
    }

    [Fact]
    public async Task Dashboard_Member_SeesOnlyTheirOwnTeams()
    {
        var alpha = await CreateTeamAsync("alpha", "mia@contoso.com");
        var beta = await CreateTeamAsync("beta");
        await CreateTeamPolicyAsync(beta.Id, requestsPerMinute: 100);
        await ServedAsync(alpha, count: 2);
        await ServedAsync(beta, count: 9);
        SignInAsMember("mia@contoso.com");

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("2", TeamRequests(page, "alpha")));
        Assert.Empty(page.FindAll("[data-testid=team-row][data-team='beta']"));
        Assert.DoesNotContain("beta", page.Markup, StringComparison.Ordinal);
        // The totals are this member's teams' only, and shared capacity is not shown to members.
        Assert.Equal("2", page.Find("[data-testid=backend-row] [data-testid=backend-requests]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=capacity]"));
    }

    [Fact]
    public async Task Dashboard_TeamPolicy_ShowsQuotaUseAgainstItsLimits()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await CreateTeamPolicyAsync(alpha.Id, requestsPerMinute: 10, tokensPerMinute: 1_000, dailyTokens: 100_000);
        await AddRollupAsync(alpha.Id, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), 5, 30_000, 10_000, 0.5m);
        await AddRollupAsync(alpha.Id, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), 5, 50_000, 0, 0.5m);
        await ServedAsync(alpha, count: 4, tokens: 150);

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=team-quota][data-team='alpha'] [data-testid=quota-gauge]").Count));
        var gauges = page.FindAll("[data-testid=team-quota][data-team='alpha'] [data-testid=quota-gauge]").Select(g => g.TextContent.Trim()).ToList();
        Assert.Equal(["4 / 10", "600 / 1,000", "40,000 / 100,000"], gauges);
    }

    [Fact]
    public async Task Dashboard_Disposed_StopsRefreshing()
    {
        SignInAsAdmin();
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=dashboard-updated]")));

        await page.Instance.DisposeAsync();

        // The timer is gone: advancing the clock must not throw or render into a disposed component.
        Clock.Advance(Home.RefreshInterval * 3);
    }
}
