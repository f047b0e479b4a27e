using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Quotas;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamSpendTabTests : TeamsTestBase
{
    [Fact]
    public async Task SpendTab_Member_ShowsSpendPerKeyAndAlias_ABarPerBudget_AndHowTheForecastIsMade()
    {
        var team = await CreateTeamAsync("payments", owners: "ana@contoso.com");
        var key = await IssueKeyAsync(team.Id, "checkout");
        await Data.GetRequiredService<QuotaPolicyService>().CreateAsync(
            new QuotaPolicyInput { Scope = QuotaScope.Team, TeamId = team.Id, MonthlyTokenBudget = 4000 }, Seeder, Ct);
        await AddRollupAsync(team.Id, key.Key.Id, "gpt-4o-mini", tokens: 1000, cost: 0.25m);
        SignInAsMember("ana@contoso.com");

        var tab = Render<TeamSpendTab>(p => p.Add(x => x.TeamId, team.Id));

        tab.WaitForAssertion(() => Assert.Contains($"checkout ({key.Key.Prefix})", tab.Find("[data-testid='spend-keys']").TextContent, StringComparison.Ordinal));
        Assert.Contains("gpt-4o-mini", tab.Find("[data-testid='spend-aliases']").TextContent, StringComparison.Ordinal);
        Assert.Equal("0.25", tab.Find("[data-testid='spend-total']").TextContent.Trim());
        Assert.Equal("25", tab.Find("[data-testid='spend-budget-bar']").GetAttribute("aria-valuenow"));
        Assert.Equal("25 %", tab.Find("[data-testid='spend-budget-percent']").TextContent.Trim());
        Assert.Contains("divided by the share of the month elapsed", tab.Find("[data-testid='spend-explanation']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(tab.Find("[data-testid='spend-provisional']"));
    }

    [Fact]
    public async Task SpendTab_PreviousMonth_ShowsThatMonthsSpend()
    {
        var team = await CreateTeamAsync("payments", owners: "ana@contoso.com");
        await AddRollupAsync(team.Id, Guid.Empty, "gpt-4o", tokens: 10, cost: 0.5m);
        SignInAsMember("ana@contoso.com");
        var tab = Render<TeamSpendTab>(p => p.Add(x => x.TeamId, team.Id));
        tab.WaitForAssertion(() => Assert.Equal("0.50", tab.Find("[data-testid='spend-total']").TextContent.Trim()));

        Click(tab, "spend-previous");

        var lastMonth = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        tab.WaitForAssertion(() => Assert.StartsWith(lastMonth, tab.Find("[data-testid='spend-month']").TextContent, StringComparison.Ordinal));
        Assert.Equal("0.00", tab.Find("[data-testid='spend-total']").TextContent.Trim());
    }

    [Fact]
    public async Task SpendTab_AnotherTeamsMember_IsRefusedAndSeesNoFigures()
    {
        var team = await CreateTeamAsync("payments", owners: "ana@contoso.com");
        await AddRollupAsync(team.Id, Guid.Empty, "gpt-4o", tokens: 10, cost: 0.5m);
        SignInAsMember("mallory@fabrikam.com");

        var tab = Render<TeamSpendTab>(p => p.Add(x => x.TeamId, team.Id));

        tab.WaitForAssertion(() => Assert.Contains("not a member", tab.Find("[data-testid='spend-error']").TextContent, StringComparison.Ordinal));
        Assert.Empty(tab.FindAll("[data-testid='spend-total']"));
    }

    /// <summary>This month's usage, in the current hour, as the rollup writer stores it.</summary>
    private async Task AddRollupAsync(Guid teamId, Guid keyId, string alias, long tokens, decimal cost)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        db.UsageHourlyRollups.Add(new UsageHourlyRollup
        {
            HourStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero),
            TeamId = teamId,
            ApiKeyId = keyId,
            AliasName = alias,
            Requests = 1,
            PromptTokens = tokens,
            Cost = cost,
        });
        await db.SaveChangesAsync(Ct);
    }
}
