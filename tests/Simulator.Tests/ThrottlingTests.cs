using System.Net;

namespace AiGateway.Simulator.Tests;

/// <summary>TPM and RPM over the sliding minute, on a fake clock.</summary>
public sealed class ThrottlingTests
{
    private const string Hi = """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":40}""";

    [Fact]
    public async Task ChatCompletions_OverRequestsPerMinute_Returns429UntilTheWindowFrees()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:RequestsPerMinute"] = "3");

        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.Client.PostAsync(Wire.ChatPath, Hi);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal((2 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Header("x-ratelimit-remaining-requests"));
            server.Time.Advance(TimeSpan.FromSeconds(10));
        }

        // At t=30 s the first request (t=0) leaves the window at t=60 s.
        using var refused = await server.Client.PostAsync(Wire.ChatPath, Hi);
        var body = await refused.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("30", refused.Header("retry-after"));
        Assert.Equal("30000", refused.Header("retry-after-ms"));
        Assert.Equal("0", refused.Header("x-ratelimit-remaining-requests"));
        Assert.Equal("3", refused.Header("x-ratelimit-limit-requests"));
        Assert.Equal("429", (string?)body["error"]!["code"]);
        Assert.Contains("exceeded call rate limit", (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.Contains("Please retry after 30 seconds", (string?)body["error"]!["message"], StringComparison.Ordinal);

        server.Time.Advance(TimeSpan.FromSeconds(29.9));
        using var stillRefused = await server.Client.PostAsync(Wire.ChatPath, Hi);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal("100", stillRefused.Header("retry-after-ms"));
        Assert.Equal("1", stillRefused.Header("retry-after"));

        server.Time.Advance(TimeSpan.FromSeconds(0.1));
        using var again = await server.Client.PostAsync(Wire.ChatPath, Hi);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_OverTokensPerMinute_Returns429WithConsistentRetryHeaders()
    {
        // "Hi" costs 8 prompt tokens + 40 max_tokens = 48 on admission: two fit in 100.
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:TokensPerMinute"] = "100");

        using (var first = await server.Client.PostAsync(Wire.ChatPath, Hi))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("52", first.Header("x-ratelimit-remaining-tokens"));
            Assert.Equal("100", first.Header("x-ratelimit-limit-tokens"));
        }

        server.Time.Advance(TimeSpan.FromMilliseconds(1500));
        using (var second = await server.Client.PostAsync(Wire.ChatPath, Hi))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using var refused = await server.Client.PostAsync(Wire.ChatPath, Hi);
        var retryMs = long.Parse(refused.Header("retry-after-ms"), System.Globalization.CultureInfo.InvariantCulture);
        var retrySeconds = long.Parse(refused.Header("retry-after"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(58_500, retryMs);
        Assert.Equal((retryMs + 999) / 1000, retrySeconds);
        Assert.Contains("exceeded token rate limit", (string?)(await refused.ReadJsonAsync())["error"]!["message"], StringComparison.Ordinal);

        server.Time.Advance(TimeSpan.FromMilliseconds(retryMs));
        using var passes = await server.Client.PostAsync(Wire.ChatPath, Hi);
        Assert.Equal(HttpStatusCode.OK, passes.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_NAndMaxTokens_AreChargedOnAdmission()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:TokensPerMinute"] = "1000");

        using var response = await server.Client.PostAsync(Wire.ChatPath, """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":100,"n":3}""");

        Assert.Equal((1000 - 8 - 300).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task ChatCompletions_DuringThrottleStorm_Returns429WithConfiguredRetryAfter()
    {
        await using var server = await SimulatorServer.StartAsync(s =>
        {
            s["Simulator:Deployments:chat:Faults:ThrottleStormSeconds"] = "30";
            s["Simulator:Deployments:chat:Faults:ThrottleRetryAfterMs"] = "2500";
        });

        for (var i = 0; i < 5; i++)
        {
            using var refused = await server.Client.PostAsync(Wire.ChatPath, Hi);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("2500", refused.Header("retry-after-ms"));
            Assert.Equal("3", refused.Header("retry-after"));
        }

        server.Time.Advance(TimeSpan.FromSeconds(30));
        using var after = await server.Client.PostAsync(Wire.ChatPath, Hi);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(5, (int)(await server.Client.StatsAsync())["deployments"]!["chat"]!["throttled"]!);
    }

    [Fact]
    public async Task Embeddings_UnlimitedDeployment_ReportsNominalLimits()
    {
        await using var server = await SimulatorServer.StartAsync();

        using var response = await server.Client.PostAsync("v1/embeddings", """{"model":"embed","input":"x"}""");

        Assert.Equal(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("x-ratelimit-limit-tokens"));
        Assert.Equal("westeurope", response.Header("x-ms-region"));
    }
}
