using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.TeamTokens;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Tests.Api;

public sealed class TeamTokenApiTests : TeamApiTestBase
{
    [Fact]
    public async Task Token_RotatesItsTeamsKey_ReadsItsUsage_AndIsAuditedUnderItsPrefix()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var key = await IssueKeyAsync(owner, team.Id, "billing-service");
        var token = await IssueTokenAsync(owner, team.Id);
        var automation = TokenClient(token.Secret);

        var rotated = await (await automation.PostJsonAsync($"/api/admin/keys/{key.Key.Id}/rotate", new { overlapMinutes = 60 }))
            .ReadAsync<IssuedApiKey>(HttpStatusCode.Created);
        var usage = await automation.GetAsync($"/api/admin/usage/hourly?teamId={team.Id}");
        var chargeback = await automation.GetAsync($"/api/admin/chargeback?teamId={team.Id}");

        Assert.StartsWith("agwt_", token.Secret, StringComparison.Ordinal);
        Assert.Equal(key.Key.Id, rotated.Key.RotatedFromKeyId);
        await usage.ReadAsync<List<UsageHourlyView>>(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, chargeback.StatusCode);
        await using var db = Factory.CreateDbContext();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Actor == "team-token:" + token.Token.Prefix && e.Action == "ApiKey.Created"));
        var stored = await db.TeamApiTokens.SingleAsync(t => t.Id == token.Token.Id);
        Assert.DoesNotContain(token.Secret, System.Text.Encoding.UTF8.GetString(stored.SecretHash), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_OnAnotherTeamOrAnAdminEndpoint_Is403Problem()
    {
        var team = await CreateTeamWithPeopleAsync();
        var other = await CreateTeamAsync();
        var otherKey = await IssueKeyAsync(Admin, other.Id, "theirs");
        var token = await IssueTokenAsync(await SignInAsync(OwnerId), team.Id);
        var automation = TokenClient(token.Secret);

        await (await automation.GetAsync($"/api/admin/teams/{other.Id}/keys")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await automation.PostJsonAsync($"/api/admin/keys/{otherKey.Key.Id}/revoke", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await automation.GetAsync($"/api/admin/usage/hourly?teamId={other.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await automation.GetAsync("/api/admin/usage/hourly")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await automation.GetAsync("/api/admin/backends")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await automation.PostJsonAsync("/api/admin/teams", new { name = "sneaky" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await automation.PostJsonAsync($"/api/admin/teams/{team.Id}/tokens", new { name = "more", expiresAt = DateTimeOffset.UtcNow.AddDays(1), scopes = new[] { "ManageKeys" } }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(ApiKeyStatus.Active, (await (await Admin.GetAsync($"/api/admin/keys/{otherKey.Key.Id}")).ReadAsync<ApiKeyView>(HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task Token_WithOnlyReadUsage_CannotTouchKeys()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var key = await IssueKeyAsync(owner, team.Id, "ci");
        var automation = TokenClient((await IssueTokenAsync(owner, team.Id, "ReadUsage")).Secret);

        await (await automation.PostJsonAsync($"/api/admin/keys/{key.Key.Id}/revoke", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await automation.GetAsync($"/api/admin/usage/hourly?teamId={team.Id}")).StatusCode);
    }

    [Fact]
    public async Task Token_Revoked_Is401()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var token = await IssueTokenAsync(owner, team.Id);
        var automation = TokenClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, (await automation.GetAsync($"/api/admin/teams/{team.Id}/keys")).StatusCode);

        var revoked = await (await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/tokens/{token.Token.Id}/revoke", new { }))
            .ReadAsync<TeamTokenView>(HttpStatusCode.OK);

        Assert.Equal(TeamTokenStatus.Revoked, revoked.Status);
        await (await automation.GetAsync($"/api/admin/teams/{team.Id}/keys")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_Expired_Is401()
    {
        var team = await CreateTeamWithPeopleAsync();
        var token = await IssueTokenAsync(await SignInAsync(OwnerId), team.Id);
        await using (var db = Factory.CreateDbContext())
        {
            // The expiry as the clock will see it once the time has come, without waiting for it.
            await db.TeamApiTokens.Where(t => t.Id == token.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        var response = await TokenClient(token.Secret).GetAsync($"/api/admin/teams/{team.Id}/keys");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Issue_WithoutExpiryOrScopes_Or_AsAMember_IsRefused()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);

        var noExpiry = await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/tokens", new { name = "forever", scopes = new[] { "ManageKeys" } });
        var tooLong = await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/tokens", new { name = "long", expiresAt = DateTimeOffset.UtcNow.AddDays(400), scopes = new[] { "ManageKeys" } });
        var noScopes = await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/tokens", new { name = "nothing", expiresAt = DateTimeOffset.UtcNow.AddDays(1) });
        var byMember = await (await SignInAsync(MemberId)).PostJsonAsync(
            $"/api/admin/teams/{team.Id}/tokens", new { name = "mine", expiresAt = DateTimeOffset.UtcNow.AddDays(1), scopes = new[] { "ManageKeys" } });

        Assert.NotEmpty((await noExpiry.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("expiresAt"));
        Assert.NotEmpty((await tooLong.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("expiresAt"));
        Assert.NotEmpty((await noScopes.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("scopes"));
        await byMember.ProblemAsync(HttpStatusCode.Forbidden);
        await using var db = Factory.CreateDbContext();
        Assert.Empty(db.TeamApiTokens);
    }
}
