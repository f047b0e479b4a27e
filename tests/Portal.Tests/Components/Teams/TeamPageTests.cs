using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Services.Keys;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamPageTests : TeamsTestBase
{
    [Fact]
    public async Task Render_MemberOpeningAnotherTeamsPage_GetsAnErrorAndNoneOfItsData()
    {
        await CreateTeamAsync("mine", owners: "dev@contoso.com");
        var other = await CreateTeamAsync("secret-project", owners: "other@contoso.com");
        var otherKey = await IssueKeyAsync(other.Id, "other-ci");
        SignInAsMember("dev@contoso.com");

        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, other.Id));

        page.WaitForAssertion(() => Assert.Contains("not a member of this team", page.Find("[data-testid='team-access-denied']").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("secret-project", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(otherKey.Key.Prefix, page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='issue-key']"));
        Assert.Empty(page.FindAll("[data-testid='keys-table']"));
    }

    [Fact]
    public async Task Workspace_RefusesEveryTeamCallForAnotherTeam_ToAMember()
    {
        var mine = await CreateTeamAsync("mine", owners: "dev@contoso.com");
        var other = await CreateTeamAsync("theirs", owners: "other@contoso.com");
        var otherKey = await IssueKeyAsync(other.Id, "other-ci");
        SignInAsMember("dev@contoso.com");
        var workspace = Services.GetRequiredService<TeamWorkspace>();

        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.GetTeamAsync(other.Id, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.ListKeysAsync(other.Id, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.ListMembersAsync(other.Id, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.ListQuotaPoliciesAsync(other.Id, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.IssueKeyAsync(other.Id, new ApiKeyInput { Name = "sneaky" }, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.RevokeKeyAsync(other.Id, otherKey.Key.Id, Ct));

        // Naming their own team does not reach another team's key either.
        await Assert.ThrowsAsync<AiGateway.Shared.Services.EntityNotFoundException>(() => workspace.RevokeKeyAsync(mine.Id, otherKey.Key.Id, Ct));
        await Assert.ThrowsAsync<AiGateway.Shared.Services.EntityNotFoundException>(() => workspace.RotateKeyAsync(mine.Id, otherKey.Key.Id, new RotateApiKeyInput(), Ct));
        var untouched = await KeyService.GetAsync(otherKey.Key.Id, Ct);
        Assert.Equal(ApiKeyStatus.Active, untouched.Status);
        Assert.Single(await KeyService.ListAsync(other.Id, Ct));
    }

    [Fact]
    public async Task Render_MemberOfTheTeam_SeesItsKeysAndMembersButNoAdminControls()
    {
        var team = await CreateTeamAsync("mine", maxKeys: 5, maxKeyLifetimeDays: 30, owners: "dev@contoso.com");
        var key = await IssueKeyAsync(team.Id, "ci");
        SignInAsMember("dev@contoso.com");

        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        page.WaitForElement($"[data-testid='key-prefix-{key.Key.Prefix}']");
        Assert.Equal("mine", page.Find("[data-testid='team-heading']").TextContent);
        Assert.Contains("30 days", page.Find("[data-testid='team-limits']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='issue-key']"));
        Assert.NotNull(page.Find($"[data-testid='revoke-key-{key.Key.Prefix}']"));
        Assert.Empty(page.FindAll("[data-testid='edit-team']"));
    }

    [Fact]
    public async Task Render_Admin_SeesTheEditButton_AndSavingUpdatesTheHeader()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();

        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));
        Click(page, "edit-team");
        Fill(Dialogs, "team-description", "Card payments");
        Fill(Dialogs, "team-max-keys", "7");
        Click(Dialogs, "team-submit");

        page.WaitForAssertion(() => Assert.Contains("Max keys: 7", page.Find("[data-testid='team-limits']").TextContent, StringComparison.Ordinal));
        Assert.Contains("Card payments", page.Markup, StringComparison.Ordinal);
        var saved = await TeamService.GetAsync(team.Id, Ct);
        Assert.Equal(("Card payments", 7), (saved.Description, saved.MaxKeys));
    }

    [Fact]
    public void Render_UnknownTeam_SaysThereIsNoSuchTeam()
    {
        SignInAsAdmin();

        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Contains("no such team", page.Find("[data-testid='team-access-denied']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Edit_TeamWithAPriorityClassSetThroughTheApi_KeepsIt()
    {
        var team = await TeamService.CreateAsync(
            new AiGateway.Shared.Services.Teams.TeamInput { Name = "payments", Priority = AiGateway.Shared.Model.PriorityClass.High }, Seeder, Ct);
        SignInAsAdmin();
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));
        page.WaitForElement("[data-testid='team-heading']");

        Click(page, "edit-team");
        Assert.NotEmpty(Dialogs.WaitForElements("[data-testid='team-editor']").SelectMany(d => d.QuerySelectorAll("[data-testid='team-priority']")));
        Fill(Dialogs, "team-description", "Card payments");
        Click(Dialogs, "team-submit");

        page.WaitForAssertion(() => Assert.Contains("Card payments", page.Markup, StringComparison.Ordinal));
        var saved = await TeamService.GetAsync(team.Id, Ct);
        Assert.Equal(AiGateway.Shared.Model.PriorityClass.High, saved.Priority);
    }
}
