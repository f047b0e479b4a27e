using System.Net;
using System.Net.Http.Headers;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.TeamTokens;

namespace AiGateway.Portal.Tests.Api;

/// <summary>A team with an owner and two members signed in through the development sign-in, and helpers for their keys and tokens.</summary>
public abstract class TeamApiTestBase : PortalTestBase
{
    protected const string OwnerId = "owner@contoso.com";
    protected const string MemberId = "member@contoso.com";
    protected const string OtherMemberId = "colleague@contoso.com";

    protected async Task<TeamView> CreateTeamWithPeopleAsync()
    {
        var team = await CreateTeamAsync(new { name = Unique("team"), owners = new[] { OwnerId } });
        foreach (var member in new[] { MemberId, OtherMemberId })
        {
            var added = await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/members", new { userId = member, role = "Member" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        return team;
    }

    protected Task<HttpClient> SignInAsync(string userId) => Factory.CreateSignedInClientAsync(userId, "TeamMember");

    protected static async Task<IssuedApiKey> IssueKeyAsync(HttpClient client, Guid teamId, string name)
    {
        var response = await client.PostJsonAsync($"/api/admin/teams/{teamId}/keys", new { name, expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        return await response.ReadAsync<IssuedApiKey>(HttpStatusCode.Created);
    }

    protected static async Task<IssuedTeamToken> IssueTokenAsync(HttpClient client, Guid teamId, params string[] scopes)
    {
        var response = await client.PostJsonAsync(
            $"/api/admin/teams/{teamId}/tokens",
            new { name = "rotation job", expiresAt = DateTimeOffset.UtcNow.AddDays(30), scopes = scopes.Length > 0 ? scopes : ["ManageKeys", "ReadUsage"] });
        return await response.ReadAsync<IssuedTeamToken>(HttpStatusCode.Created);
    }

    protected HttpClient TokenClient(string secret)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
