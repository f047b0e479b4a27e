using System.Text;
using System.Text.Json;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Quotas;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class ComplianceMiddlewareTests
{
    private readonly AliasEntry _alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()));
    private readonly ComplianceOptions _options = new() { MaxN = 2, MaxBestOf = 3, DisallowedParameters = ["logit_bias"] };

    [Fact]
    public async Task InvokeAsync_PlainRequestWithoutCap_ForwardsTheBodyExactlyAsSent()
    {
        const string Body = """{ "model": "gpt-4o", "messages": [{"role":"user","content":"Hi"}], "max_tokens": 4000 }""";
        var http = Request(Body);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        var forward = http.Gateway().Forward;
        Assert.Equal(Body, Encoding.UTF8.GetString(forward.Body.Span));
        Assert.False(forward.HidesUsageChunk);
        Assert.Null(forward.ClampedMaxTokens);
    }

    [Fact]
    public async Task InvokeAsync_NAboveTheGatewaysLimit_Answers400NamingN()
    {
        var http = Request("""{"messages":[],"n":3}""");
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        AssertRefused(http, next, "integer_above_max_value", "n");
    }

    [Fact]
    public async Task InvokeAsync_BestOfAboveTheGatewaysLimit_Answers400NamingBestOf()
    {
        var http = Request("""{"prompt":"Once upon","best_of":4}""", GatewayOperation.Completions);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        AssertRefused(http, next, "integer_above_max_value", "best_of");
    }

    [Fact]
    public async Task InvokeAsync_RefusedParameter_Answers400NamingIt()
    {
        var http = Request("""{"messages":[],"logit_bias":{"50256":-100}}""");
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        AssertRefused(http, next, "parameter_not_allowed", "logit_bias");
    }

    [Fact]
    public async Task InvokeAsync_MaxTokensAboveTheCallersCap_ForwardsTheCap()
    {
        var http = Request("""{"messages":[],"max_tokens":4000}""", teamCap: 256);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        var forward = http.Gateway().Forward;
        Assert.Equal(256, forward.ClampedMaxTokens);
        Assert.Equal(256, Forwarded(forward).GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task InvokeAsync_NoLimitInTheBodyAndACap_WritesTheCapIn()
    {
        var http = Request("""{"messages":[]}""", teamCap: 256);

        await Middleware(new NextStep()).InvokeAsync(http);

        Assert.Equal(256, Forwarded(http.Gateway().Forward).GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task InvokeAsync_TeamAndKeyCaps_HoldsTheRequestToTheTighter()
    {
        var http = Request("""{"messages":[],"max_completion_tokens":1000}""", teamCap: 512, keyCap: 128);

        await Middleware(new NextStep()).InvokeAsync(http);

        var forward = http.Gateway().Forward;
        Assert.Equal(128, forward.ClampedMaxTokens);
        Assert.Equal(128, Forwarded(forward).GetProperty("max_completion_tokens").GetInt32());
    }

    [Fact]
    public async Task InvokeAsync_LimitWithinTheCap_LeavesTheBodyAlone()
    {
        const string Body = """{"messages":[],"max_tokens":100}""";
        var http = Request(Body, teamCap: 256);

        await Middleware(new NextStep()).InvokeAsync(http);

        var forward = http.Gateway().Forward;
        Assert.Null(forward.ClampedMaxTokens);
        Assert.Equal(Body, Encoding.UTF8.GetString(forward.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_AboveTheCapInRejectMode_Answers400NamingTheField()
    {
        _options.Mode = MaxTokensMode.Reject;
        var http = Request("""{"messages":[],"max_tokens":4000}""", teamCap: 256);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        AssertRefused(http, next, "integer_above_max_value", "max_tokens");
        Assert.Contains("256", http.Response.Error().GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_EmbeddingsWithACap_AreNotClamped()
    {
        const string Body = """{"input":"some text"}""";
        var http = Request(Body, GatewayOperation.Embeddings, teamCap: 1);

        await Middleware(new NextStep()).InvokeAsync(http);

        var forward = http.Gateway().Forward;
        Assert.Null(forward.ClampedMaxTokens);
        Assert.Equal(Body, Encoding.UTF8.GetString(forward.Body.Span));
    }

    [Theory]
    [InlineData("""{"messages":[],"stream":true}""")]
    [InlineData("""{"messages":[],"stream":true,"stream_options":{"include_usage":false}}""")]
    public async Task InvokeAsync_StreamWithoutTheUsageChunkAskedFor_AsksForItAndHidesIt(string body)
    {
        var http = Request(body);

        await Middleware(new NextStep()).InvokeAsync(http);

        var forward = http.Gateway().Forward;
        Assert.True(forward.HidesUsageChunk);
        Assert.True(Forwarded(forward).GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task InvokeAsync_StreamThatAskedForTheUsageChunk_PassesItToTheClient()
    {
        const string Body = """{"messages":[],"stream":true,"stream_options":{"include_usage":true}}""";
        var http = Request(Body);

        await Middleware(new NextStep()).InvokeAsync(http);

        var forward = http.Gateway().Forward;
        Assert.False(forward.HidesUsageChunk);
        Assert.Equal(Body, Encoding.UTF8.GetString(forward.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_ResponsesStream_HasNoStreamOptionsToAdd()
    {
        const string Body = """{"input":"Hi","stream":true}""";
        var http = Request(Body, GatewayOperation.Responses);

        await Middleware(new NextStep()).InvokeAsync(http);

        var forward = http.Gateway().Forward;
        Assert.False(forward.HidesUsageChunk);
        Assert.Equal(Body, Encoding.UTF8.GetString(forward.Body.Span));
    }

    private ComplianceMiddleware Middleware(NextStep next) => new(next.InvokeAsync, new TestOptionsMonitor<ComplianceOptions>(_options));

    private DefaultHttpContext Request(string body, GatewayOperation operation = GatewayOperation.ChatCompletions, int? teamCap = null, int? keyCap = null)
    {
        var team = GatewayRequests.Team(limits: teamCap is null ? null : QuotaTestLimits.Policy() with { MaxTokensPerRequest = teamCap });
        var key = GatewayRequests.Key(team, limits: keyCap is null ? null : QuotaTestLimits.Policy() with { MaxTokensPerRequest = keyCap });
        return GatewayRequests.Http(GatewayRequests.Resolved(_alias, team, key, body, operation));
    }

    private static JsonElement Forwarded(ForwardPlan forward)
    {
        using var document = JsonDocument.Parse(forward.Body);
        return document.RootElement.Clone();
    }

    private static void AssertRefused(HttpContext http, NextStep next, string code, string param)
    {
        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("false", http.Response.Headers["x-should-retry"]);
        Assert.Throws<InvalidOperationException>(() => http.Gateway().Forward);
    }
}
