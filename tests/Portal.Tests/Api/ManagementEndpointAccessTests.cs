using System.Net;
using System.Text;
using AiGateway.Portal.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Api;

/// <summary>
/// Walks every management endpoint the host maps, so a new one cannot be forgotten: a team token and a plain member's
/// cookie are refused (403) everywhere except the short lists of team operations they are meant to reach.
/// </summary>
public sealed class ManagementEndpointAccessTests : TeamApiTestBase
{
    /// <summary>What a team token (both scopes) may call on its own team: its keys and its figures.</summary>
    private static readonly HashSet<string> TokenAllowed =
    [
        "GET /api/admin/teams/{teamId:guid}/keys",
        "POST /api/admin/teams/{teamId:guid}/keys",
        "GET /api/admin/keys/{id:guid}",
        "POST /api/admin/keys/{id:guid}/rotate",
        "POST /api/admin/keys/{id:guid}/revoke",
        "PUT /api/admin/keys/{id:guid}/priority",
        "GET /api/admin/usage/hourly",
        "GET /api/admin/chargeback",
        "GET /api/admin/teams/{id:guid}/spend",
    ];

    /// <summary>What a member (not an owner) may call on their team: see it and its alert channels, issue and manage their own keys, read figures.</summary>
    private static readonly HashSet<string> MemberAllowed =
    [
        "GET /api/admin/teams/{id:guid}",
        "GET /api/admin/teams/{id:guid}/members",
        "GET /api/admin/teams/{teamId:guid}/alert-channels",
        "GET /api/admin/teams/{teamId:guid}/alert-channels/{channelId:guid}",
        .. TokenAllowed,
    ];

    [Fact]
    public async Task EveryEndpoint_TeamToken_IsRefusedOutsideItsList()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var key = await IssueKeyAsync(owner, team.Id, "ci");
        var token = TokenClient((await IssueTokenAsync(owner, team.Id)).Secret);

        await AssertOnlyAllowedAsync(token, TokenAllowed, team.Id, key.Key.Id);
    }

    [Fact]
    public async Task EveryEndpoint_MembersCookie_IsRefusedOutsideItsList()
    {
        var team = await CreateTeamWithPeopleAsync();
        var member = await SignInAsync(MemberId);
        var key = await IssueKeyAsync(member, team.Id, "mine");

        await AssertOnlyAllowedAsync(member, MemberAllowed, team.Id, key.Key.Id);
    }

    private async Task AssertOnlyAllowedAsync(HttpClient client, HashSet<string> allowed, Guid teamId, Guid keyId)
    {
        var endpoints = ManagementEndpoints();
        Assert.True(endpoints.Count > 40, $"Only {endpoints.Count} management endpoints found; the walk is not seeing the API.");
        Assert.Empty(allowed.Except(endpoints).Select(e => $"{e} not among: {string.Join(" | ", endpoints)}"));

        var wrong = new List<string>();
        // Revoking last keeps the key usable for the calls before it.
        foreach (var endpoint in endpoints.OrderBy(e => e.EndsWith("/revoke", StringComparison.Ordinal)))
        {
            var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            using var request = new HttpRequestMessage(new HttpMethod(method), Url(pattern, teamId, keyId));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            var status = (await client.SendAsync(request, Xunit.TestContext.Current.CancellationToken)).StatusCode;
            var refused = status is HttpStatusCode.Forbidden;
            if (allowed.Contains(endpoint) == refused || status is HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{endpoint} answered {(int)status}, expected {(allowed.Contains(endpoint) ? "not 403" : "403")}");
            }
        }

        Assert.Empty(wrong);
    }

    private List<string> ManagementEndpoints() =>
    [
        .. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct(),
    ];

    /// <summary>The team's id and key's id where the pattern names them; any other id a fresh one.</summary>
    private static string Url(string pattern, Guid teamId, Guid keyId)
    {
        var url = pattern
            .Replace("{teamId:guid}", teamId.ToString(), StringComparison.Ordinal)
            .Replace("/teams/{id:guid}", $"/teams/{teamId}", StringComparison.Ordinal)
            .Replace("/keys/{id:guid}", $"/keys/{keyId}", StringComparison.Ordinal);
        while (url.IndexOf('{', StringComparison.Ordinal) is var start and >= 0)
        {
            var end = url.IndexOf('}', start);
            url = string.Concat(url.AsSpan(0, start), Guid.NewGuid().ToString(), url.AsSpan(end + 1));
        }

        return $"{url}?teamId={teamId}";
    }
}
