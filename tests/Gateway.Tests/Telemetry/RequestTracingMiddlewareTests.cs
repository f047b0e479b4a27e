using System.Diagnostics;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Attr = AiGateway.Gateway.Telemetry.GatewaySpanAttributes;

namespace AiGateway.Gateway.Tests.Telemetry;

public sealed class RequestTracingMiddlewareTests : IDisposable
{
    private const string Prompt = "Hello there";

    private readonly ActivityContext _caller = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
    private readonly SpanRecorder _spans;
    private readonly TeamEntry _team = GatewayRequests.Team("alpha");
    private readonly ClientKeyEntry _key;
    private readonly AliasEntry _alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend(kind: BackendKind.AzureOpenAI), deploymentName: "gpt-4o-eastus"));

    public RequestTracingMiddlewareTests()
    {
        _spans = new SpanRecorder(_caller.TraceId, GatewayActivities.SourceName);
        _key = GatewayRequests.Key(_team, prefix: "agw_PUBLICPREFIX");
    }

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task InvokeAsync_CallerSentTraceparentAndTheHostHasNoSpan_IsTheServerSpanUnderTheCallersSpan()
    {
        var http = Request();

        await Middleware(Served()).InvokeAsync(http);

        var span = Assert.Single(_spans.Stopped);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(_caller.TraceId, span.TraceId);
        Assert.Equal(_caller.SpanId, span.ParentSpanId);
        Assert.Equal(GatewayActivities.SourceName, span.Source.Name);
    }

    [Fact]
    public async Task InvokeAsync_UnderTheHostsServerSpan_IsItsInternalChild()
    {
        using var host = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").SetParentId(_caller.TraceId, _caller.SpanId, _caller.TraceFlags).Start();
        var http = Request();

        await Middleware(Served()).InvokeAsync(http);

        var span = Assert.Single(_spans.Stopped);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(host.SpanId, span.ParentSpanId);
        Assert.Same(host, Activity.Current);
    }

    [Fact]
    public async Task InvokeAsync_RequestServed_SpanNamedAfterOperationAndAlias_WithWhoWhatTokensAndStatus()
    {
        var http = Request();

        await Middleware(Served()).InvokeAsync(http);

        var span = Assert.Single(_spans.Stopped);
        var gateway = http.Gateway();
        Assert.Equal("chat gpt-4o", span.DisplayName);
        Assert.Equal("chat", span.Tag(Attr.OperationName));
        Assert.Equal("gpt-4o", span.Tag(Attr.RequestModel));
        Assert.Equal(_alias.Targets[0].Model, span.Tag(Attr.ResponseModel));
        Assert.Equal("azure.ai.openai", span.Tag(Attr.ProviderName));
        Assert.Equal(1_200, span.Tag(Attr.InputTokens));
        Assert.Equal(300, span.Tag(Attr.OutputTokens));
        Assert.False((bool?)span.Tag(Attr.UsageEstimated));
        Assert.Equal(gateway.RequestId, span.Tag(Attr.RequestId));
        Assert.Equal("alpha", span.Tag(Attr.Team));
        Assert.Equal("agw_PUBLICPREFIX", span.Tag(Attr.KeyPrefix));
        Assert.Equal(1, span.Tag(Attr.Attempts));
        Assert.Equal(200, span.Tag(Attr.HttpResponseStatusCode));
        Assert.Null(span.Tag(Attr.ErrorType));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.DoesNotContain(span.TagTexts(), text => text.Contains(Prompt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_TraceRecorded_TheResponseCarriesTheTraceId()
    {
        var http = Request();

        await Middleware(Served()).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.Equal(_caller.TraceId.ToHexString(), http.Response.Headers[RequestTracingMiddleware.TraceIdHeader].ToString());
    }

    [Fact]
    public async Task InvokeAsync_TraceNotSampled_NoSpanNoTraceIdHeader_AndTheRequestIsServed()
    {
        var http = Request(traceparent: $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var next = new NextStep(_ => { });

        await Middleware(next.InvokeAsync).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.True(next.Called);
        Assert.Empty(_spans.Stopped);
        Assert.False(http.Response.Headers.ContainsKey(RequestTracingMiddleware.TraceIdHeader));
    }

    [Theory]
    [InlineData(StatusCodes.Status503ServiceUnavailable, ActivityStatusCode.Error)]
    [InlineData(StatusCodes.Status429TooManyRequests, ActivityStatusCode.Unset)]
    public async Task InvokeAsync_GatewayRefused_ErrorTypeIsTheStatus_AndOnlyItsOwnFailuresMarkTheSpan(int status, ActivityStatusCode expected)
    {
        var http = Request();

        await Middleware(h =>
        {
            h.Response.StatusCode = status;
            return Task.CompletedTask;
        }).InvokeAsync(http);

        var span = Assert.Single(_spans.Stopped);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), span.Tag(Attr.ErrorType));
        Assert.Equal(status, span.Tag(Attr.HttpResponseStatusCode));
        Assert.Equal(expected, span.Status);
        Assert.Equal(0, span.Tag(Attr.Attempts));
    }

    [Fact]
    public async Task InvokeAsync_StepThrows_SpanEndsAsAnErrorOfTheExceptionsType_AndTheExceptionGoesOn()
    {
        var http = Request();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware(_ => throw new InvalidOperationException(Prompt)).InvokeAsync(http));

        var span = Assert.Single(_spans.Stopped);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.Tag(Attr.ErrorType));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.DoesNotContain(span.TagTexts(), text => text.Contains(Prompt, StringComparison.Ordinal));
        Assert.Null(span.StatusDescription);
    }

    private static RequestTracingMiddleware Middleware(RequestDelegate next) => new(next);

    /// <summary>What the later steps leave for a request one backend served: its attempt and its metered usage.</summary>
    private static RequestDelegate Served() => http =>
    {
        var gateway = http.Gateway();
        gateway.Answered(usage: new TokenUsage(1_200, 300, 1_500));
        Assert.NotNull(RequestUsage.Of(gateway));
        return Task.CompletedTask;
    };

    private DefaultHttpContext Request(string? traceparent = null)
    {
        var gateway = GatewayRequests.Resolved(_alias, _team, _key, body: $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"{{Prompt}}"}]}""");
        var http = GatewayRequests.Http(gateway);
        http.Request.Headers["traceparent"] = traceparent ?? $"00-{_caller.TraceId.ToHexString()}-{_caller.SpanId.ToHexString()}-01";
        return http;
    }
}
