using System.Net;
using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Tests.Control;

/// <summary>The /_simulator endpoints: read, change, reset, count; guarded by a token; absent when disabled.</summary>
public sealed class ControlEndpointTests
{
    private const string Hi = """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":5}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PatchConfig_RequestsPerMinute_ChangesBehaviourAtRunTime()
    {
        await using var server = await SimulatorServer.StartAsync();
        using (var before = await server.Client.PostAsync(Wire.ChatPath, Hi))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var patch = await server.Client.PatchConfigAsync("""{"deployments":{"chat":{"requestsPerMinute":1}}}""");
        var config = await patch.ReadJsonAsync();
        using var first = await server.Client.PostAsync(Wire.ChatPath, Hi);
        using var second = await server.Client.PostAsync(Wire.ChatPath, Hi);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(1, (int)config["deployments"]!["chat"]!["requestsPerMinute"]!);
        Assert.Equal("gpt-4o-mini", (string?)config["deployments"]!["chat"]!["model"]);
        // An unlimited deployment keeps no window, so counting starts with the change.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task PatchConfig_FaultsAndStorm_MergeWithoutTouchingOtherFields()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:TokensPerMinute"] = "5000");

        using var patch = await server.Client.PatchConfigAsync("""{"deployments":{"chat":{"faults":{"throttleStormSeconds":10,"throttleRetryAfterMs":1500}}}}""");
        using var stormed = await server.Client.PostAsync(Wire.ChatPath, Hi);
        server.Time.Advance(TimeSpan.FromSeconds(10));
        using var calm = await server.Client.PostAsync(Wire.ChatPath, Hi);
        var config = await (await server.Client.GetAsync("_simulator/config", Ct)).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stormed.StatusCode);
        Assert.Equal("1500", stormed.Header("retry-after-ms"));
        Assert.Equal(HttpStatusCode.OK, calm.StatusCode);
        Assert.Equal(5000, (int)config["deployments"]!["chat"]!["tokensPerMinute"]!);
        Assert.Equal(1500, (int)config["deployments"]!["chat"]!["faults"]!["throttleRetryAfterMs"]!);
    }

    [Theory]
    [InlineData("""{"deployments":{"chat":{"faults":{"errorRate":2}}}}""", "deployments.chat.faults.errorRate")]
    [InlineData("""{"deployments":{"chat":{"faults":{"errorStatus":404}}}}""", "deployments.chat.faults.errorStatus")]
    [InlineData("""{"deployments":{"chat":{"tokensPerMinute":"many"}}}""", "deployments.chat.tokensPerMinute")]
    [InlineData("""{"deployments":{"chat":{"latency":{"bogus":1}}}}""", "deployments.chat.latency.bogus")]
    [InlineData("""{"deployments":{"ghost":{"tokensPerMinute":5}}}""", "deployments.ghost")]
    [InlineData("""{"defaultCompletionTokens":0}""", "defaultCompletionTokens")]
    [InlineData("""{"nonsense":true}""", "nonsense")]
    [InlineData("""{"deployments":""", "$")]
    public async Task PatchConfig_BadInput_Returns400ProblemNamingTheField(string json, string field)
    {
        await using var server = await SimulatorServer.StartAsync();

        using var response = await server.Client.PatchConfigAsync(json);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task PatchConfig_InvalidBody_AppliesNothing()
    {
        await using var server = await SimulatorServer.StartAsync();

        using var response = await server.Client.PatchConfigAsync("""{"deployments":{"chat":{"requestsPerMinute":1,"faults":{"hangRate":5}}}}""");
        var config = await (await server.Client.GetAsync("_simulator/config", Ct)).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (int)config["deployments"]!["chat"]!["requestsPerMinute"]!);
    }

    [Fact]
    public async Task PatchConfig_NewAndRemovedDeployments_ChangeWhatIsServed()
    {
        await using var server = await SimulatorServer.StartAsync();

        using var patch = await server.Client.PatchConfigAsync("""{"deployments":{"gpt-4o":{"model":"gpt-4o","modelVersion":"2024-11-20","region":"eastus2"},"embed":null}}""");
        using var added = await server.Client.PostAsync("openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", Hi);
        using var removed = await server.Client.PostAsync("openai/deployments/embed/embeddings?api-version=2024-10-21", """{"input":"x"}""");

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("gpt-4o-2024-11-20", (string?)(await added.ReadJsonAsync())["model"]);
        Assert.Equal("eastus2", added.Header("x-ms-region"));
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
    }

    [Fact]
    public async Task PatchConfig_Seed_MakesFaultsReproducible()
    {
        await using var server = await SimulatorServer.StartAsync(s => s.Remove("Simulator:Seed"));
        using (await server.Client.PatchConfigAsync("""{"seed":42,"deployments":{"chat":{"faults":{"errorRate":0.5}}}}"""))
        {
        }

        var first = await StatusesAsync(server);
        using (await server.Client.PostAsync("_simulator/reset", null, Ct))
        {
        }

        Assert.Equal(first, await StatusesAsync(server));
    }

    [Fact]
    public async Task Stats_AfterTraffic_CountRequestsTokensAndStatusesPerDeployment()
    {
        await using var server = await SimulatorServer.StartAsync();
        using (await server.Client.PostAsync(Wire.ChatPath, Hi))
        using (await server.Client.PostAsync(Wire.ChatPath, Hi))
        using (await server.Client.PostAsync("openai/deployments/nope/chat/completions?api-version=1", Hi))
        {
        }

        var stats = await server.Client.StatsAsync();
        var chat = stats["deployments"]!["chat"]!;

        Assert.Equal(2, (int)chat["requests"]!);
        Assert.Equal(16, (int)chat["promptTokens"]!);
        Assert.Equal(10, (int)chat["completionTokens"]!);
        Assert.Equal(2, (int)chat["statusCounts"]!["200"]!);
        Assert.Equal(0, (int)stats["deployments"]!["embed"]!["requests"]!);
        Assert.Equal(1, (int)stats["unrouted"]!["statusCounts"]!["404"]!);
    }

    [Fact]
    public async Task Reset_AfterTrafficAndThrottling_ClearsCountersAndWindows()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:RequestsPerMinute"] = "1");
        using (await server.Client.PostAsync(Wire.ChatPath, Hi))
        using (var throttled = await server.Client.PostAsync(Wire.ChatPath, Hi))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        using var reset = await server.Client.PostAsync("_simulator/reset", null, Ct);
        var stats = await server.Client.StatsAsync();
        using var after = await server.Client.PostAsync(Wire.ChatPath, Hi);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, (int)stats["deployments"]!["chat"]!["requests"]!);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Control_TokenConfigured_RefusesRequestsWithoutIt()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:ControlToken"] = "s3cret");

        using var missing = await server.Client.GetAsync("_simulator/config", Ct);
        using var wrong = await server.Client.PatchConfigAsync("""{"seed":1}""", token: "guess");
        using var right = await server.Client.PatchConfigAsync("""{"seed":1}""", token: "s3cret");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Control_Disabled_Returns404()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:ControlEnabled"] = "false");

        using var config = await server.Client.GetAsync("_simulator/config", Ct);
        using var reset = await server.Client.PostAsync("_simulator/reset", null, Ct);
        using var model = await server.Client.PostAsync(Wire.ChatPath, Hi);

        Assert.Equal(HttpStatusCode.NotFound, config.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
    }

    [Fact]
    public async Task GetConfig_Always_HidesKeysAndControlToken()
    {
        await using var server = await SimulatorServer.StartAsync();

        var raw = await server.Client.GetStringAsync("_simulator/config", Ct);

        Assert.DoesNotContain(SimulatorServer.ApiKey, raw, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(raw)!["apiKeys"]);
    }

    private static async Task<List<int>> StatusesAsync(SimulatorServer server)
    {
        var statuses = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await server.Client.PostAsync(Wire.ChatPath, Hi);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Contains(500, statuses);
        return statuses;
    }
}
