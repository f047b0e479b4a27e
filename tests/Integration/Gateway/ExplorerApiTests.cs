using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// The request and throttling explorers of the management API, over HTTP: what the gateway served, refused and was
/// throttled on is found by its request id, team, key, alias, status and kind; bad input is refused with a problem
/// that names the parameter.
/// </summary>
public sealed class ExplorerApiTests() : GatewayTestBase(new Dictionary<string, string?>
{
    // Records and events are written as soon as they are recorded, so the API can be asked at once.
    ["Metering:FlushIntervalMilliseconds"] = "0",
})
{
    [Fact]
    public async Task Explorers_ServedRefusedAndThrottledRequests_AreFoundWithTheirDetails()
    {
        using var usage = HostCounter.UsageWritten(Gateway.Services);
        using var throttles = HostCounter.ThrottleEventsWritten(Gateway.Services);
        // Every chat target throttles: a backend throttle for each, then a 429 to the client.
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 3000 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 3000 } });
        string throttledId;
        using (var throttled = await ChatAsync())
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            throttledId = Header(throttled, "x-request-id");
        }

        // From now on one request a minute: an embeddings request is served, the next one refused by the quota.
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = TeamId, requestsPerMinute = 1 });
        await Gateway.ReloadAsync();
        string servedId;
        using (var served = await EmbedAsync())
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            servedId = Header(served, "x-request-id");
        }

        using (var refused = await EmbedAsync())
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        await usage.WaitForAsync(2);
        await throttles.WaitForAsync(3);

        var all = await GetAsync("/api/admin/requests?hours=1");
        Assert.Equal([servedId, throttledId], Items(all).Select(r => r.GetProperty("requestId").GetString()));
        var servedRow = Items(await GetAsync($"/api/admin/requests?requestId={servedId}")).Single();
        Assert.Equal(("Contoso Search", "app", EmbeddingsAlias, EmbeddingsDeployment, "sim-paygo", 200),
            (servedRow.GetProperty("teamName").GetString(), servedRow.GetProperty("keyName").GetString(), servedRow.GetProperty("aliasName").GetString(),
             servedRow.GetProperty("deploymentName").GetString(), servedRow.GetProperty("backendName").GetString(), servedRow.GetProperty("statusCode").GetInt32()));
        Assert.True(servedRow.GetProperty("promptTokens").GetInt32() > 0);
        Assert.Equal(throttledId, Items(await GetAsync($"/api/admin/requests?status=4xx&teamId={TeamId}")).Single().GetProperty("requestId").GetString());
        Assert.Empty(Items(await GetAsync("/api/admin/requests?status=5xx")));

        var events = Items(await GetAsync($"/api/admin/throttle-events?key={KeyId}"));
        Assert.Equal(3, events.Count);
        var refusal = Items(await GetAsync("/api/admin/throttle-events?kind=QuotaRefusal")).Single();
        Assert.Equal(("RequestsPerMinute", "app", EmbeddingsAlias), (refusal.GetProperty("quotaLimit").GetString(), refusal.GetProperty("keyName").GetString(), refusal.GetProperty("aliasName").GetString()));
        var backendThrottles = Items(await GetAsync($"/api/admin/throttle-events?kind=backendthrottle&alias={ChatAlias}"));
        Assert.Equal(new[] { ProvisionedDeployment, StandardDeployment }.Order(), backendThrottles.Select(e => e.GetProperty("deploymentName").GetString()).Order());
        Assert.All(backendThrottles, e => Assert.Equal(throttledId, e.GetProperty("requestId").GetString()));
    }

    [Theory]
    [InlineData("/api/admin/requests?from=yesterday", "from")]
    [InlineData("/api/admin/requests?from=2026-01-01&to=2026-03-01", "to")]
    [InlineData("/api/admin/requests?status=teapot", "status")]
    [InlineData("/api/admin/requests?hours=0", "hours")]
    [InlineData("/api/admin/requests?take=5000", "take")]
    [InlineData("/api/admin/requests?teamId=contoso", "teamId")]
    [InlineData("/api/admin/throttle-events?kind=Sometimes", "kind")]
    [InlineData("/api/admin/throttle-events?hours=1000", "hours")]
    [InlineData("/api/admin/throttle-events?to=not-a-date", "to")]
    public async Task Explorers_BadInput_Returns400NamingTheParameter(string url, string field)
    {
        using var response = await Admin.GetAsync(url, Ct);

        var problem = await ReadJsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Theory]
    [InlineData("/api/admin/requests")]
    [InlineData("/api/admin/throttle-events")]
    [InlineData("/api/admin/traffic/live")]
    public async Task Explorers_NoCredentials_Returns401(string url)
    {
        using var anonymous = Gateway.CreateClient();

        using var response = await anonymous.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> EmbedAsync() =>
        Client.PostAsJsonAsync("/v1/embeddings", new { model = EmbeddingsAlias, input = "hello" }, Ct);

    private async Task<JsonElement> GetAsync(string url)
    {
        using var response = await Admin.GetAsync(url, Ct);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];
}
