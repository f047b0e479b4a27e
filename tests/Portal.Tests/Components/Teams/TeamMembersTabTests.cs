using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Teams;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamMembersTabTests : TeamsTestBase
{
    [Fact]
    public async Task Add_AsAdmin_AddsTheMemberAndListsIt()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var tab = Render<TeamMembersTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.CanManage, true));

        Fill(tab, "member-user-id", "new@contoso.com");
        Fill(tab, "member-display-name", "New Person");
        Click(tab, "member-add");

        tab.WaitForElement("[data-testid='remove-member-new@contoso.com']");
        var member = Assert.Single(await TeamService.ListMembersAsync(team.Id, Ct));
        Assert.Equal(("new@contoso.com", "New Person", TeamRole.Member), (member.UserId, member.DisplayName, member.Role));
    }

    [Fact]
    public async Task Add_AsTheTeamsOwner_AddsTheMember_WithoutAnAdministrator()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        SignInAsMember("lead@contoso.com");
        Assert.True((await Services.GetRequiredService<TeamWorkspace>().PermissionsAsync(team.Id)).ManageMembers);
        var tab = Render<TeamMembersTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.CanManage, true));

        Fill(tab, "member-user-id", "new@contoso.com");
        Click(tab, "member-add");

        tab.WaitForElement("[data-testid='remove-member-new@contoso.com']");
        Assert.Contains(await TeamService.ListMembersAsync(team.Id, Ct), m => m.UserId == "new@contoso.com");
    }

    [Fact]
    public async Task Add_WithoutAUserId_NamesTheField()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var tab = Render<TeamMembersTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.CanManage, true));

        Click(tab, "member-add");

        tab.WaitForAssertion(() =>
            Assert.Contains("'userId' is required.", tab.Find("[data-testid='member-user-id']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(await TeamService.ListMembersAsync(team.Id, Ct));
    }

    [Fact]
    public async Task Remove_AsksForConfirmation_ThenRemoves()
    {
        var team = await CreateTeamAsync("payments", owners: "gone@contoso.com");
        SignInAsAdmin();
        var tab = Render<TeamMembersTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.CanManage, true));

        Click(tab, "remove-member-gone@contoso.com");
        AnswerConfirmation(confirm: true);

        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll("[data-testid='remove-member-gone@contoso.com']")));
        Assert.Empty(await TeamService.ListMembersAsync(team.Id, Ct));
    }

    [Fact]
    public async Task Render_AsMember_ListsMembersReadOnly_AndTheServerRefusesChanges()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        await TeamService.AddMemberAsync(team.Id, new TeamMemberInput { UserId = "dev@contoso.com", Role = TeamRole.Member }, Seeder, Ct);
        SignInAsMember("dev@contoso.com");

        var tab = Render<TeamMembersTab>(p => p.Add(x => x.TeamId, team.Id).Add(x => x.CanManage, false));

        tab.WaitForAssertion(() => Assert.Contains("dev@contoso.com", tab.Find("[data-testid='members-table']").TextContent, StringComparison.Ordinal));
        Assert.Empty(tab.FindAll("[data-testid='add-member-form']"));
        Assert.Empty(tab.FindAll("[data-testid^='remove-member-']"));

        // Hiding the controls is not the protection: the server refuses a member's change even if one were sent.
        var workspace = Services.GetRequiredService<TeamWorkspace>();
        var self = Assert.Single(await TeamService.ListMembersAsync(team.Id, Ct), m => m.UserId == "dev@contoso.com");
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.AddMemberAsync(team.Id, new TeamMemberInput { UserId = "friend@contoso.com" }, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.RemoveMemberAsync(team.Id, self.Id, Ct));
        Assert.Equal(2, (await TeamService.ListMembersAsync(team.Id, Ct)).Count);
    }
}
