using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.TeamTokens;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamTokensTabTests : TeamsTestBase
{
    [Fact]
    public async Task Issue_AsOwner_ShowsTheSecretOnce_ListsTheToken_AndStoresOnlyItsHash()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        SignInAsMember("lead@contoso.com");
        var tab = Render<TeamTokensTab>(p => p.Add(x => x.TeamId, team.Id));

        Fill(tab, "token-name", "rotation job");
        Click(tab, "token-issue");

        var secret = tab.WaitForElement("[data-testid='token-secret']").TextContent.Trim();
        Assert.StartsWith("agwt_", secret, StringComparison.Ordinal);
        var token = Assert.Single(await Data.GetRequiredService<TeamTokenService>().ListAsync(team.Id, Ct));
        Assert.Equal(("rotation job", TeamTokenStatus.Active), (token.Name, token.Status));
        Assert.Equal([TeamTokenScopes.ManageKeys, TeamTokenScopes.ReadUsage], token.Scopes);
        tab.WaitForElement($"[data-testid='token-prefix-{token.Prefix}']");

        Click(tab, "token-secret-done");
        Assert.Empty(tab.FindAll("[data-testid='token-secret']"));
        Assert.DoesNotContain(secret[(token.Prefix.Length + 1)..], tab.Markup, StringComparison.Ordinal);
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(32, (await db.TeamApiTokens.SingleAsync(Ct)).SecretHash.Length);
    }

    [Fact]
    public async Task Revoke_AsOwner_AfterConfirmation_MarksTheTokenRevoked()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        var issued = await Data.GetRequiredService<TeamTokenService>().IssueAsync(
            team.Id, new TeamTokenInput { Name = "job", ExpiresAt = DateTimeOffset.UtcNow.AddDays(5), Scopes = [TeamTokenScopes.ReadUsage] }, Seeder, Ct);
        SignInAsMember("lead@contoso.com");
        var tab = Render<TeamTokensTab>(p => p.Add(x => x.TeamId, team.Id));

        Click(tab, $"revoke-token-{issued.Token.Prefix}");
        AnswerConfirmation(true);

        tab.WaitForAssertion(() => Assert.Equal("Revoked", tab.Find($"[data-testid='token-status-{issued.Token.Prefix}']").TextContent.Trim()));
    }

    [Fact]
    public async Task Render_AsMember_IsRefused_AndTheServerIssuesNothing()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        await TeamService.AddMemberAsync(team.Id, new TeamMemberInput { UserId = "dev@contoso.com" }, Seeder, Ct);
        SignInAsMember("dev@contoso.com");

        var tab = Render<TeamTokensTab>(p => p.Add(x => x.TeamId, team.Id));

        tab.WaitForAssertion(() => Assert.Contains("owners", tab.Find("[data-testid='tokens-error']").TextContent, StringComparison.Ordinal));
        var workspace = Services.GetRequiredService<TeamWorkspace>();
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.IssueTokenAsync(
            team.Id, new TeamTokenInput { Name = "mine", ExpiresAt = DateTimeOffset.UtcNow.AddDays(1), Scopes = [TeamTokenScopes.ManageKeys] }, Ct));
        Assert.Empty(await Data.GetRequiredService<TeamTokenService>().ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task TeamPage_Owner_SeesTokensTabMembersControlsAndDescriptionEdit_AndSavesADescription()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        SignInAsMember("lead@contoso.com");

        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        page.WaitForElement("[data-testid='team-heading']");
        Assert.Contains("API tokens", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='edit-team']"));
        Click(page, "edit-description");
        Fill(page, "description-input", "Card payments");
        Click(page, "description-save");
        page.WaitForAssertion(() => Assert.Equal("Card payments", page.Find("[data-testid='team-description']").TextContent));
        Assert.Equal("Card payments", (await TeamService.GetAsync(team.Id, Ct)).Description);
    }

    [Fact]
    public async Task TeamPage_Member_SeesOnlyTheirOwnKeys_AndNoOwnerControls()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        await TeamService.AddMemberAsync(team.Id, new TeamMemberInput { UserId = "dev@contoso.com" }, Seeder, Ct);
        var mine = await KeyService.IssueAsync(
            team.Id, new ApiKeyInput { Name = "mine", ExpiresAt = DateTimeOffset.UtcNow.AddDays(30) }, "dev@contoso.com", issuedByUserId: "dev@contoso.com", ct: Ct);
        var leads = await KeyService.IssueAsync(
            team.Id, new ApiKeyInput { Name = "leads", ExpiresAt = DateTimeOffset.UtcNow.AddDays(30) }, "lead@contoso.com", issuedByUserId: "lead@contoso.com", ct: Ct);
        SignInAsMember("dev@contoso.com");

        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        page.WaitForElement($"[data-testid='revoke-key-{mine.Key.Prefix}']");
        Assert.Empty(page.FindAll($"[data-testid='key-prefix-{leads.Key.Prefix}']"));
        Assert.DoesNotContain("API tokens", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='edit-description']"));
        var workspace = Services.GetRequiredService<TeamWorkspace>();
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.RevokeKeyAsync(team.Id, leads.Key.Id, Ct));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.UpdateDescriptionAsync(team.Id, "mine now", Ct));
        Assert.Equal(ApiKeyStatus.Active, (await KeyService.GetAsync(leads.Key.Id, Ct)).Status);
    }
}
