using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Quotas;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamQuotasTabTests : TeamsTestBase
{
    private QuotaPolicyService Quotas => Data.GetRequiredService<QuotaPolicyService>();

    [Fact]
    public async Task Add_AsAdmin_CreatesTheTeamPolicy()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var tab = Render<TeamQuotasTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.IsAdmin, true));

        Click(tab, "add-quota");
        Fill(Dialogs, "quota-tpm", "50000");
        Fill(Dialogs, "quota-daily", "2000000");
        Click(Dialogs, "quota-submit");

        tab.WaitForAssertion(() => Assert.Contains("50,000", tab.Find("[data-testid='quotas-table']").TextContent, StringComparison.Ordinal));
        var policy = Assert.Single(await Quotas.ListAsync(team.Id, Ct));
        Assert.Equal((QuotaScope.Team, 50_000, 2_000_000L, (int?)null), (policy.Scope, policy.TokensPerMinute, policy.DailyTokenBudget, policy.RequestsPerMinute));
    }

    [Fact]
    public async Task Add_CostBudgetsAndThresholds_AreSavedAndShownInTheTable()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var tab = Render<TeamQuotasTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.IsAdmin, true));

        Click(tab, "add-quota");
        Fill(Dialogs, "quota-daily-cost", "12.5");
        Fill(Dialogs, "quota-monthly-cost", "300");
        Fill(Dialogs, "quota-alert-percents", "50,90");
        Click(Dialogs, "quota-submit");

        tab.WaitForAssertion(() => Assert.Contains("12.50", tab.Find("[data-testid='quotas-table']").TextContent, StringComparison.Ordinal));
        var policy = Assert.Single(await Quotas.ListAsync(team.Id, Ct));
        Assert.Equal((12.5m, 300m, "50,90"), (policy.DailyCostBudget, policy.MonthlyCostBudget, policy.BudgetAlertPercents));
        Assert.Equal("12.50", tab.Find($"[data-testid='quota-daily-cost-{policy.Id}']").TextContent.Trim());
        Assert.Equal("50 %, 90 %", tab.Find($"[data-testid='quota-alerts-{policy.Id}']").TextContent.Trim());
    }

    [Fact]
    public async Task Add_ThresholdsOutOfOrder_AreNamedUnderTheirField()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var tab = Render<TeamQuotasTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.IsAdmin, true));

        Click(tab, "add-quota");
        Fill(Dialogs, "quota-daily-cost", "10");
        Fill(Dialogs, "quota-alert-percents", "80,50");
        Click(Dialogs, "quota-submit");

        Dialogs.WaitForAssertion(() =>
            Assert.Contains("ascending", Dialogs.Find("[data-testid='quota-alert-percents']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(await Quotas.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task Add_WithoutAnyLimit_SaysSo_AndANegativeLimitIsNamedUnderItsField()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var tab = Render<TeamQuotasTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.IsAdmin, true));

        Click(tab, "add-quota");
        Click(Dialogs, "quota-submit");
        Dialogs.WaitForAssertion(() => Assert.Contains("Set at least one limit.", Dialogs.Find("[data-testid='quota-form-error']").TextContent, StringComparison.Ordinal));

        Fill(Dialogs, "quota-rpm", "-5");
        Click(Dialogs, "quota-submit");
        Dialogs.WaitForAssertion(() =>
            Assert.Contains("'requestsPerMinute' must be greater than zero", Dialogs.Find("[data-testid='quota-rpm']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(await Quotas.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task EditAndDelete_AsAdmin_ChangeThenRemoveThePolicyAfterConfirmation()
    {
        var team = await CreateTeamAsync("payments");
        var key = await IssueKeyAsync(team.Id, "ci");
        var policy = await Quotas.CreateAsync(new QuotaPolicyInput { Scope = QuotaScope.Key, ApiKeyId = key.Key.Id, RequestsPerMinute = 10 }, Seeder, Ct);
        SignInAsAdmin();
        var tab = Render<TeamQuotasTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.IsAdmin, true));

        tab.WaitForAssertion(() => Assert.Contains($"Key ci ({key.Key.Prefix})", tab.Find($"[data-testid='quota-subject-{policy.Id}']").TextContent, StringComparison.Ordinal));
        Click(tab, $"edit-quota-{policy.Id}");
        Fill(Dialogs, "quota-rpm", "20");
        Click(Dialogs, "quota-submit");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid='quota-dialog']")));
        Assert.Equal(20, (await Quotas.GetAsync(policy.Id, Ct)).RequestsPerMinute);

        Click(tab, $"delete-quota-{policy.Id}");
        AnswerConfirmation(confirm: true);

        tab.WaitForElement("[data-testid='quotas-empty']");
        Assert.Empty(await Quotas.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task Render_AsMember_ShowsTheLimitsReadOnly_AndTheServerRefusesChanges()
    {
        var team = await CreateTeamAsync("payments", owners: "dev@contoso.com");
        var policy = await Quotas.CreateAsync(new QuotaPolicyInput { TeamId = team.Id, TokensPerMinute = 1234 }, Seeder, Ct);
        SignInAsMember("dev@contoso.com");

        var tab = Render<TeamQuotasTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.IsAdmin, false));

        tab.WaitForAssertion(() => Assert.Contains("1,234", tab.Find("[data-testid='quotas-table']").TextContent, StringComparison.Ordinal));
        Assert.Empty(tab.FindAll("[data-testid='add-quota']"));
        Assert.Empty(tab.FindAll("[data-testid^='edit-quota-']"));
        Assert.Empty(tab.FindAll("[data-testid^='delete-quota-']"));

        var workspace = Services.GetRequiredService<TeamWorkspace>();
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.CreateQuotaPolicyAsync(team.Id, new QuotaPolicyInput { TokensPerMinute = 1_000_000 }, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.UpdateQuotaPolicyAsync(team.Id, policy.Id, new QuotaPolicyInput { TokensPerMinute = 1_000_000 }, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.DeleteQuotaPolicyAsync(team.Id, policy.Id, Ct));
        Assert.Equal(1234, (await Quotas.GetAsync(policy.Id, Ct)).TokensPerMinute);
    }

    [Fact]
    public async Task Workspace_RefusesToEditAnotherTeamsPolicyThroughThisTeam()
    {
        var mine = await CreateTeamAsync("mine");
        var other = await CreateTeamAsync("other");
        var policy = await Quotas.CreateAsync(new QuotaPolicyInput { TeamId = other.Id, TokensPerMinute = 1 }, Seeder, Ct);
        SignInAsAdmin();
        var workspace = Services.GetRequiredService<TeamWorkspace>();

        await Assert.ThrowsAsync<AiGateway.Shared.Services.EntityNotFoundException>(() => workspace.DeleteQuotaPolicyAsync(mine.Id, policy.Id, Ct));
        Assert.Single(await Quotas.ListAsync(other.Id, Ct));
    }
}
