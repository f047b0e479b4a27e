using AiGateway.Gateway.Quotas;
using AiGateway.Portal.Components.Pages.Throttling;
using AiGateway.Portal.Tests.Components.Dashboard;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Teams;
using Bunit;

namespace AiGateway.Portal.Tests.Components.Throttling;

public sealed class ThrottlingPageTests : LiveFiguresTestBase
{
    private Task RefusedAsync(TeamView team, QuotaLimitKind limit, Guid? policyId, TimeSpan retryAfter, string alias = "gpt-4o-mini") =>
        ThrottledAsync(new ThrottleEvent
        {
            At = Clock.GetUtcNow(),
            Kind = ThrottleEventKind.QuotaRefusal,
            RequestId = $"req-{Guid.NewGuid():N}",
            TeamId = team.Id,
            TeamName = team.Name,
            ApiKeyId = Guid.NewGuid(),
            KeyName = "batch-jobs",
            KeyPrefix = "sk-aigw-ab12",
            AliasName = alias,
            QuotaLimit = limit.ToString(),
            PolicyId = policyId,
            RetryAfterMs = (int)retryAfter.TotalMilliseconds,
        });

    private Task BackendThrottledAsync(TeamView team, TimeSpan rest) =>
        ThrottledAsync(new ThrottleEvent
        {
            At = Clock.GetUtcNow(),
            Kind = ThrottleEventKind.BackendThrottle,
            RequestId = $"req-{Guid.NewGuid():N}",
            TeamId = team.Id,
            TeamName = team.Name,
            EntraAppId = "app-1",
            AliasName = "gpt-4o-mini",
            DeploymentId = DeploymentId,
            DeploymentName = "gpt-4o-mini-ptu",
            BackendId = BackendId,
            BackendName = "ptu-sweden",
            RetryAfterMs = (int)rest.TotalMilliseconds,
        });

    [Fact]
    public async Task ThrottlingPage_QuotaRefusal_ListsItWithItsReason()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        var policy = await CreateTeamPolicyAsync(alpha.Id, tokensPerMinute: 10_000);
        await RefusedAsync(alpha, QuotaLimitKind.TokensPerMinute, policy.Id, TimeSpan.FromSeconds(49.2));

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
        await BackendThrottledAsync(alpha, TimeSpan.FromMilliseconds(800));

        var page = Render<ThrottlingPage>();

        page.WaitForAssertion(() => Assert.Contains("gpt-4o-mini-ptu at backend ptu-sweden", page.Find("[data-testid=throttle-reason]").TextContent, StringComparison.Ordinal));
        Assert.Equal("800 ms", page.Find("[data-testid=throttle-retry-after]").TextContent.Trim());
        Assert.Equal(nameof(ThrottleEventKind.BackendThrottle), page.Find("[data-testid=throttle-row]").GetAttribute("data-kind"));
    }

    [Fact]
    public async Task ThrottlingPage_Member_SeesOnlyTheirTeamsDenials()
    {
        var alpha = await CreateTeamAsync("alpha", "mia@contoso.com");
        var beta = await CreateTeamAsync("beta");
        await RefusedAsync(alpha, QuotaLimitKind.RequestsPerMinute, null, TimeSpan.FromSeconds(10));
        await RefusedAsync(beta, QuotaLimitKind.DailyTokenBudget, null, TimeSpan.FromHours(5));
        await BackendThrottledAsync(beta, TimeSpan.FromSeconds(1));
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

        Clock.Advance(TimeSpan.FromSeconds(1));
        await RefusedAsync(alpha, QuotaLimitKind.MonthlyTokenBudget, null, TimeSpan.FromDays(3));
        page.Find("[data-testid=throttle-refresh]").Click();

        page.WaitForAssertion(() => Assert.Contains("monthly token budget", page.Find("[data-testid=throttle-reason]").TextContent, StringComparison.Ordinal));
        Assert.Equal("72 h", page.Find("[data-testid=throttle-retry-after]").TextContent.Trim());
    }

    [Fact]
    public void ThrottlingPage_Freshness_SaysAsOfWhenAndTheWriteDelay()
    {
        SignInAsAdmin();

        var page = Render<ThrottlingPage>();

        page.WaitForAssertion(() => Assert.Contains(
            "As of 10:15:10 UTC; records reach the database within ~2 s of a request",
            page.Find("[data-testid=throttle-freshness]").TextContent,
            StringComparison.Ordinal));
    }
}
