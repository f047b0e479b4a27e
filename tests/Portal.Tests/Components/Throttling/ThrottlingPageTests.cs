using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Portal.Components.Pages.Throttling;
using AiGateway.Portal.Tests.Components.Dashboard;
using AiGateway.Shared.Services.Teams;
using Bunit;

namespace AiGateway.Portal.Tests.Components.Throttling;

public sealed class ThrottlingPageTests : LiveFiguresTestBase
{
    private void Refused(TeamView team, QuotaLimitKind limit, Guid? policyId, TimeSpan retryAfter, string alias = "gpt-4o-mini") =>
        Throttles.Add(new ThrottleLogEntry(
            0, Clock.GetUtcNow(), ThrottleLogKind.QuotaRefusal, $"req-{Guid.NewGuid():N}", team.Id, team.Name, Guid.NewGuid(), "batch-jobs", "sk-aigw-ab12",
            null, alias, limit, policyId, null, null, null, null, retryAfter));

    private void BackendThrottled(TeamView team, TimeSpan rest) =>
        Throttles.Add(new ThrottleLogEntry(
            0, Clock.GetUtcNow(), ThrottleLogKind.BackendThrottle, $"req-{Guid.NewGuid():N}", team.Id, team.Name, null, null, null,
            "app-1", "gpt-4o-mini", null, null, DeploymentId, "gpt-4o-mini-ptu", BackendId, "ptu-sweden", rest));

    [Fact]
    public async Task ThrottlingPage_QuotaRefusal_ListsItWithItsReason()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        var policy = await CreateTeamPolicyAsync(alpha.Id, tokensPerMinute: 10_000);
        Refused(alpha, QuotaLimitKind.TokensPerMinute, policy.Id, TimeSpan.FromSeconds(49.2));

        var page = Render<ThrottlingPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=throttle-row]")));
        Assert.Equal(
            "Limit reached: tokens per minute (10,000), the team's policy.",
            page.Find("[data-testid=throttle-reason]").TextContent.Trim());
        Assert.Equal("50 s", page.Find("[data-testid=throttle-retry-after]").TextContent.Trim());
        Assert.Contains("batch-jobs (sk-aigw-ab12…)", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThrottlingPage_BackendThrottle_NamesTheDeploymentAndBackend()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        BackendThrottled(alpha, TimeSpan.FromMilliseconds(800));

        var page = Render<ThrottlingPage>();

        page.WaitForAssertion(() => Assert.Contains("gpt-4o-mini-ptu at backend ptu-sweden", page.Find("[data-testid=throttle-reason]").TextContent, StringComparison.Ordinal));
        Assert.Equal("800 ms", page.Find("[data-testid=throttle-retry-after]").TextContent.Trim());
        Assert.Equal(nameof(ThrottleLogKind.BackendThrottle), page.Find("[data-testid=throttle-row]").GetAttribute("data-kind"));
    }

    [Fact]
    public async Task ThrottlingPage_Member_SeesOnlyTheirTeamsDenials()
    {
        var alpha = await CreateTeamAsync("alpha", "mia@contoso.com");
        var beta = await CreateTeamAsync("beta");
        Refused(alpha, QuotaLimitKind.RequestsPerMinute, null, TimeSpan.FromSeconds(10));
        Refused(beta, QuotaLimitKind.DailyTokenBudget, null, TimeSpan.FromHours(5));
        BackendThrottled(beta, TimeSpan.FromSeconds(1));
        SignInAsMember("mia@contoso.com");

        var page = Render<ThrottlingPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=throttle-row]")));
        Assert.Equal("alpha", page.Find("[data-testid=throttle-row]").GetAttribute("data-team"));
        Assert.DoesNotContain("beta", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThrottlingPage_Refresh_ShowsDenialsRecordedSinceOpening()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        var page = Render<ThrottlingPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=throttle-empty]")));

        Refused(alpha, QuotaLimitKind.MonthlyTokenBudget, null, TimeSpan.FromDays(3));
        page.Find("[data-testid=throttle-refresh]").Click();

        page.WaitForAssertion(() => Assert.Contains("monthly token budget", page.Find("[data-testid=throttle-reason]").TextContent, StringComparison.Ordinal));
        Assert.Equal("72 h", page.Find("[data-testid=throttle-retry-after]").TextContent.Trim());
    }
}
