using System.Net;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Teams;
using AiGateway.Portal.Tests.Infrastructure;

namespace AiGateway.Portal.Tests.Api;

public sealed class TeamOwnershipApiTests : TeamApiTestBase
{
    [Fact]
    public async Task AddMember_AsOwner_AddsThem_AsMember_Is403AndAddsNobody()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var member = await SignInAsync(MemberId);

        var byOwner = await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/members", new { userId = "new@contoso.com" });
        var byMember = await member.PostJsonAsync($"/api/admin/teams/{team.Id}/members", new { userId = "friend@contoso.com" });

        await byOwner.ReadAsync<TeamMemberView>(HttpStatusCode.Created);
        var problem = await byMember.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("owners", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var members = await (await Admin.GetAsync($"/api/admin/teams/{team.Id}/members")).ReadAsync<List<TeamMemberView>>(HttpStatusCode.OK);
        Assert.Contains(members, m => m.UserId == "new@contoso.com");
        Assert.DoesNotContain(members, m => m.UserId == "friend@contoso.com");
    }

    [Fact]
    public async Task Description_OwnerEditsIt_MemberCannot_NorCanTheOwnerChangeTheLimits()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var member = await SignInAsync(MemberId);

        var edited = await (await owner.PutJsonAsync($"/api/admin/teams/{team.Id}/description", new { description = "Payments platform" }))
            .ReadAsync<TeamView>(HttpStatusCode.OK);
        await (await member.PutJsonAsync($"/api/admin/teams/{team.Id}/description", new { description = "mine now" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PutJsonAsync($"/api/admin/teams/{team.Id}", new { name = team.Name, maxKeys = 1000 })).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Payments platform", edited.Description);
        var stored = await (await Admin.GetAsync($"/api/admin/teams/{team.Id}")).ReadAsync<TeamView>(HttpStatusCode.OK);
        Assert.Equal(("Payments platform", (int?)null), (stored.Description, stored.MaxKeys));
    }

    [Fact]
    public async Task Keys_MemberManagesOwnKeyButNotAnothers_OwnerManagesEvery()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var member = await SignInAsync(MemberId);
        var colleague = await SignInAsync(OtherMemberId);
        var mine = await IssueKeyAsync(member, team.Id, "mine");
        var theirs = await IssueKeyAsync(colleague, team.Id, "theirs");

        var listedByMember = await (await member.GetAsync($"/api/admin/teams/{team.Id}/keys")).ReadAsync<List<ApiKeyView>>(HttpStatusCode.OK);
        var rotatedOwn = await member.PostJsonAsync($"/api/admin/keys/{mine.Key.Id}/rotate", new { overlapMinutes = 0 });
        var revokeOthers = await member.PostJsonAsync($"/api/admin/keys/{theirs.Key.Id}/revoke", new { });
        var listedByOwner = await (await owner.GetAsync($"/api/admin/teams/{team.Id}/keys")).ReadAsync<List<ApiKeyView>>(HttpStatusCode.OK);
        var revokedByOwner = await owner.PostJsonAsync($"/api/admin/keys/{theirs.Key.Id}/revoke", new { });

        Assert.Equal([mine.Key.Id], listedByMember.Select(k => k.Id));
        var replacement = await rotatedOwn.ReadAsync<IssuedApiKey>(HttpStatusCode.Created);
        Assert.Equal(MemberId, replacement.Key.IssuedByUserId);
        await revokeOthers.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(3, listedByOwner.Count);
        Assert.Equal(ApiKeyStatus.Revoked, (await revokedByOwner.ReadAsync<ApiKeyView>(HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task Keys_MemberOfAnotherTeam_Is403OnEveryKeyCall()
    {
        var team = await CreateTeamWithPeopleAsync();
        var key = await IssueKeyAsync(await SignInAsync(MemberId), team.Id, "mine");
        var stranger = await SignInAsync("stranger@contoso.com");

        await (await stranger.GetAsync($"/api/admin/teams/{team.Id}/keys")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "sneaky" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.PostJsonAsync($"/api/admin/keys/{key.Key.Id}/revoke", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.GetAsync($"/api/admin/usage/hourly?teamId={team.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
