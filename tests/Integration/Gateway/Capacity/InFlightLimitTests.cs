using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>
/// A team's cap of requests in flight: a long stream holds its slot until its last byte, a request over the cap is
/// refused at once with 429 <c>too_many_requests_in_flight</c>, and the slot is free again once the stream ends.
/// </summary>
public sealed class InFlightLimitTests : GatewayTestBase
{
    [Fact]
    public async Task StreamHoldsTheOnlySlot_NextRequestRefused_ThenServedOnceTheStreamHasEnded()
    {
        await SetMaxInFlightAsync(1);
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { perTokenMs = 1000 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { latency = new { perTokenMs = 1000 } });

        using var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 3);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.NotNull(await stream.NextAsync());

        using var refused = await ChatAsync();
        var error = await ErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("too_many_requests_in_flight", error.GetProperty("code").GetString());
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var rest = await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
        Assert.Equal("[DONE]", rest[^1]);
        Assert.Equal(1, await Simulator.TotalRequestsAsync());

        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { perTokenMs = 0 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { latency = new { perTokenMs = 0 } });
        using var served = await ChatAsync(body: new { model = ChatAlias, messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 1 });
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task OtherTeamsAreNotHeldByOneTeamsCap()
    {
        await SetMaxInFlightAsync(1);
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { perTokenMs = 1000 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { latency = new { perTokenMs = 1000 } });
        var otherTeam = await CreateAsync("/api/admin/teams", new { name = "Fabrikam" });
        var (_, otherKey) = await IssueKeyAsync(otherTeam);
        await Gateway.ReloadAsync();
        using var other = Gateway.CreateGatewayClient(otherKey);

        using var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 3);
        Assert.NotNull(await stream.NextAsync());

        using var otherStream = await SseReader.StartChatAsync(other, ChatAlias, maxTokens: 3);
        Assert.Equal(HttpStatusCode.OK, otherStream.Response.StatusCode);
        await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
        Assert.Equal("[DONE]", (await otherStream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1)))[^1]);
    }

    [Fact]
    public async Task NonPositiveCap_RefusedByTheAdminApi()
    {
        using var response = await Admin.PutAsJsonAsync($"/api/admin/teams/{TeamId}", new { name = "Contoso Search", maxRequestsInFlight = 0 }, GatewayFactory.Json, Ct);
        var problem = await ReadJsonAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxRequestsInFlight", out _));
    }

    private async Task SetMaxInFlightAsync(int limit)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/admin/teams/{TeamId}", new { name = "Contoso Search", maxRequestsInFlight = limit }, GatewayFactory.Json, Ct);
        var team = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(limit, team.GetProperty("maxRequestsInFlight").GetInt32());
        await Gateway.ReloadAsync();
    }
}
