using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Model;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamsPageTests : TeamsTestBase
{
    [Fact]
    public async Task Render_AsAdmin_ListsEveryTeamWithAdminControls()
    {
        await CreateTeamAsync("alpha", maxKeys: 3);
        var beta = await CreateTeamAsync("beta");
        await IssueKeyAsync(beta.Id, "ci");
        SignInAsAdmin();

        var page = Render<TeamsPage>();

        page.WaitForElement("[data-testid='team-link-alpha']");
        Assert.NotNull(page.Find("[data-testid='team-link-beta']"));
        Assert.Equal($"/teams/{beta.Id}", page.Find("[data-testid='team-link-beta']").GetAttribute("href"));
        Assert.NotNull(page.Find("[data-testid='onboard-team']"));
        Assert.NotNull(page.Find("[data-testid='delete-team-alpha']"));
        Assert.NotNull(page.Find("[data-testid='toggle-team-beta']"));
        Assert.Contains("0 of 3", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_AsMember_ListsOnlyTheirTeamsWithoutAdminControls()
    {
        await CreateTeamAsync("mine", owners: "dev@contoso.com");
        await CreateTeamAsync("theirs", owners: "other@contoso.com");
        SignInAsMember("dev@contoso.com");

        var page = Render<TeamsPage>();

        page.WaitForElement("[data-testid='team-link-mine']");
        Assert.DoesNotContain("theirs", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='onboard-team']"));
        Assert.Empty(page.FindAll("[data-testid^='delete-team-']"));
        Assert.Empty(page.FindAll("[data-testid^='toggle-team-']"));
    }

    [Fact]
    public async Task Render_AsMemberOfNoTeam_SaysSo()
    {
        await CreateTeamAsync("theirs", owners: "other@contoso.com");
        SignInAsMember("new@contoso.com");

        var page = Render<TeamsPage>();

        page.WaitForAssertion(() => Assert.Contains("not a member of any team", page.Find("[data-testid='teams-empty']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Onboard_WithoutAName_ShowsTheErrorUnderTheNameField_AndCreatesNothing()
    {
        SignInAsAdmin();
        var page = Render<TeamsPage>();

        Click(page, "onboard-team");
        Fill(Dialogs, "team-max-keys", "0");
        Click(Dialogs, "team-submit");

        Dialogs.WaitForAssertion(() =>
        {
            var nameField = Dialogs.Find("[data-testid='team-name']").Closest(".mud-input-control")!;
            Assert.Contains("'name' is required.", nameField.TextContent, StringComparison.Ordinal);
            var maxKeysField = Dialogs.Find("[data-testid='team-max-keys']").Closest(".mud-input-control")!;
            Assert.Contains("'maxKeys' must be greater than zero", maxKeysField.TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(await TeamService.ListAsync(Ct));
    }

    [Fact]
    public async Task Onboard_ValidForm_CreatesTheTeamWithItsOwnersAndLimits_AndListsIt()
    {
        SignInAsAdmin();
        var page = Render<TeamsPage>();

        Click(page, "onboard-team");
        Fill(Dialogs, "team-name", "payments");
        Fill(Dialogs, "team-owners", "ana@contoso.com, bo@contoso.com");
        Fill(Dialogs, "team-regions", "swedencentral, eastus2");
        Fill(Dialogs, "team-max-keys", "4");
        Fill(Dialogs, "team-max-lifetime", "30");
        Click(Dialogs, "team-submit");

        page.WaitForElement("[data-testid='team-link-payments']");
        var team = Assert.Single(await TeamService.ListAsync(Ct));
        Assert.Equal(("payments", 4, 30), (team.Name, team.MaxKeys, team.MaxKeyLifetimeDays));
        Assert.Equal(["swedencentral", "eastus2"], team.AllowedRegions);
        var owners = await TeamService.ListMembersAsync(team.Id, Ct);
        Assert.Equal(["ana@contoso.com", "bo@contoso.com"], owners.Select(m => m.UserId));
        Assert.All(owners, m => Assert.Equal(TeamRole.Owner, m.Role));
        Assert.Empty(Dialogs.FindAll("[data-testid='team-editor']"));
    }

    [Fact]
    public async Task Onboard_ADuplicateName_ShowsTheConflictInTheForm()
    {
        await CreateTeamAsync("payments");
        SignInAsAdmin();
        var page = Render<TeamsPage>();

        Click(page, "onboard-team");
        Fill(Dialogs, "team-name", "payments");
        Click(Dialogs, "team-submit");

        Dialogs.WaitForAssertion(() => Assert.Contains("already exists", Dialogs.Find("[data-testid='team-form-error']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_AsksForConfirmation_CancelKeepsTheTeam_ConfirmDeletesIt()
    {
        await CreateTeamAsync("doomed");
        SignInAsAdmin();
        var page = Render<TeamsPage>();

        Click(page, "delete-team-doomed");
        Dialogs.WaitForAssertion(() => Assert.Contains("Delete team 'doomed'", Dialogs.Find("[data-testid='confirm-message']").TextContent, StringComparison.Ordinal));
        AnswerConfirmation(confirm: false);
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid='confirm-message']")));
        Assert.Single(await TeamService.ListAsync(Ct));

        Click(page, "delete-team-doomed");
        AnswerConfirmation(confirm: true);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='team-link-doomed']")));
        Assert.Empty(await TeamService.ListAsync(Ct));
    }

    [Fact]
    public async Task Disable_AfterConfirmation_DisablesTheTeam_AndEnableNeedsNoConfirmation()
    {
        var team = await CreateTeamAsync("sleepy", maxKeys: 2);
        SignInAsAdmin();
        var page = Render<TeamsPage>();

        Click(page, "toggle-team-sleepy");
        AnswerConfirmation(confirm: true);

        page.WaitForAssertion(() => Assert.Equal("Disabled", page.Find("[data-testid='team-status-sleepy']").TextContent.Trim()));
        var disabled = await TeamService.GetAsync(team.Id, Ct);
        Assert.False(disabled.Enabled);
        Assert.Equal(2, disabled.MaxKeys);

        Click(page, "toggle-team-sleepy");

        page.WaitForAssertion(() => Assert.Equal("Enabled", page.Find("[data-testid='team-status-sleepy']").TextContent.Trim()));
        Assert.True((await TeamService.GetAsync(team.Id, Ct)).Enabled);
    }

    [Fact]
    public async Task Workspace_RefusesTeamAdministration_ToAMember()
    {
        var team = await CreateTeamAsync("mine", owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");
        var workspace = Services.GetRequiredService<TeamWorkspace>();

        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.CreateTeamAsync(new() { Name = "sneaky" }, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.SetTeamEnabledAsync(team.Id, false, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.UpdateTeamAsync(team.Id, new() { Name = "mine", MaxKeys = 1000 }, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.DeleteTeamAsync(team.Id, Ct));
        Assert.Equal(["mine"], (await TeamService.ListAsync(Ct)).Select(t => t.Name));
        Assert.True((await TeamService.GetAsync(team.Id, Ct)).Enabled);
    }

    [Fact]
    public async Task Render_TeamWithAPriorityClass_DoesNotShowWhatNothingEnforces()
    {
        await TeamService.CreateAsync(new AiGateway.Shared.Services.Teams.TeamInput { Name = "alpha", Priority = PriorityClass.High }, Seeder, Ct);
        SignInAsAdmin();

        var page = Render<TeamsPage>();

        page.WaitForElement("[data-testid='team-link-alpha']");
        Assert.DoesNotContain("Priority", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("High", page.Find("[data-testid='teams-table']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Onboard_TheForm_OffersThePriorityClass()
    {
        SignInAsAdmin();
        var page = Render<TeamsPage>();

        Click(page, "onboard-team");

        Dialogs.WaitForElement("[data-testid='team-name']");
        Assert.NotEmpty(Dialogs.FindAll("[data-testid='team-priority']"));
    }
}
