using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AiGateway.Gateway.Telemetry;
using AiGateway.Integration.Infrastructure;
using Attr = AiGateway.Gateway.Telemetry.GatewaySpanAttributes;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// Traces through the real gateway, heard as a tracing SDK with ASP.NET Core and HTTP client instrumentation would
/// hear them: the request joins the caller's trace, each backend attempt is a span of its own with the HTTP call
/// under it, and the ids a client gets lead to the trace.
/// </summary>
public sealed class TracingTests : GatewayTestBase
{
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string HttpClientSource = "System.Net.Http";
    private const string Prompt = "Name three rivers that cross the Alps";

    private readonly ActivityContext _caller = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    private string TraceParent => $"00-{_caller.TraceId.ToHexString()}-{_caller.SpanId.ToHexString()}-01";

    [Fact]
    public async Task ChatWithTraceparent_FailsOver_SpansJoinTheCallersTrace_WithAClientSpanPerAttempt()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        using var trace = new TraceRecorder(_caller.TraceId, GatewayActivities.SourceName, AspNetCore, HttpClientSource);

        using var response = await ChatWithTraceAsync();

        var body = await ReadJsonAsync(response, HttpStatusCode.OK);
        var request = await trace.WaitForAsync(IsRequestSpan);
        var server = await trace.WaitForAsync(a => a.Source.Name == AspNetCore && a.ParentSpanId == _caller.SpanId);

        // The host's server span continues the caller's trace, and the gateway's span is its child.
        Assert.Equal(_caller.TraceId, server.TraceId);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(ActivityKind.Internal, request.Kind);
        Assert.Equal(server.SpanId, request.ParentSpanId);
        Assert.Equal($"chat {ChatAlias}", request.DisplayName);
        Assert.Equal("chat", request.GetTagItem(Attr.OperationName));
        Assert.Equal(ChatAlias, request.GetTagItem(Attr.RequestModel));
        Assert.Equal("gpt-4o-mini", request.GetTagItem(Attr.ResponseModel));
        Assert.Equal("azure.ai.openai", request.GetTagItem(Attr.ProviderName));
        Assert.Equal("Contoso Search", request.GetTagItem(Attr.Team));
        Assert.Equal(Key[..AiGateway.Shared.Security.ApiKeyFormat.PrefixLength], request.GetTagItem(Attr.KeyPrefix));
        Assert.Equal(2, request.GetTagItem(Attr.Attempts));
        Assert.Equal(200, request.GetTagItem(Attr.HttpResponseStatusCode));

        // The tokens are the backend's own count, as the client got it.
        var usage = body.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), request.GetTagItem(Attr.InputTokens));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), request.GetTagItem(Attr.OutputTokens));

        // One Client span per attempt, under the request's span, with its result and why the next one followed.
        var attempts = trace.Stopped
            .Where(a => a.Source.Name == GatewayActivities.SourceName && a.Kind == ActivityKind.Client)
            .OrderBy(a => (int)a.GetTagItem(Attr.AttemptNumber)!)
            .ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(request.SpanId, a.ParentSpanId));
        var (failed, served) = (attempts[0], attempts[1]);
        Assert.Equal($"attempt {ProvisionedDeployment}", failed.DisplayName);
        Assert.Equal(ProvisionedDeployment, failed.GetTagItem(Attr.Deployment));
        Assert.Equal("sim-ptu", failed.GetTagItem(Attr.Backend));
        Assert.Equal("backend_failed", failed.GetTagItem(Attr.AttemptResult));
        Assert.Equal(500, failed.GetTagItem(Attr.HttpResponseStatusCode));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(Simulator.BaseAddress.Host, failed.GetTagItem(Attr.ServerAddress));
        Assert.Equal(StandardDeployment, served.GetTagItem(Attr.Deployment));
        Assert.Equal("succeeded", served.GetTagItem(Attr.AttemptResult));
        Assert.Equal(200, served.GetTagItem(Attr.HttpResponseStatusCode));
        Assert.Equal("backend_failed", served.GetTagItem(Attr.RetryReason));

        // The HTTP client's span of each attempt is its child, and the backend continued the trace from that call.
        var calls = trace.Stopped.Where(a => a.Source.Name == HttpClientSource).ToList();
        Assert.Equal(2, calls.Count);
        foreach (var attempt in attempts)
        {
            var call = Assert.Single(calls, c => c.ParentSpanId == attempt.SpanId);
            await trace.WaitForAsync(a => a.Source.Name == AspNetCore && a.ParentSpanId == call.SpanId);
        }

        // The ids the client got lead to the trace.
        Assert.Equal(Header(response, "x-request-id"), request.GetTagItem(Attr.RequestId));
        Assert.Equal(_caller.TraceId.ToHexString(), Header(response, RequestTracingMiddleware.TraceIdHeader));

        Assert.DoesNotContain(
            trace.Stopped.SelectMany(a => a.TagObjects),
            tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)?.Contains(Prompt, StringComparison.Ordinal) == true
                || Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)?.Contains(Key, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Stream_TheSpansEndWithTheStream_AndCarryItsTokens()
    {
        // The backend waits a second of its fake clock between tokens, so the stream is open until the test moves it.
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { perTokenMs = 1000 } });
        using var trace = new TraceRecorder(_caller.TraceId, GatewayActivities.SourceName);
        using var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 3, new Dictionary<string, string> { ["traceparent"] = TraceParent });
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);

        Assert.NotNull(await stream.NextAsync());
        var firstChunkAt = DateTime.UtcNow;
        Assert.DoesNotContain(trace.Stopped, IsRequestSpan);
        var rest = await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
        Assert.Equal("[DONE]", rest[^1]);

        var request = await trace.WaitForAsync(IsRequestSpan);
        var attempt = Assert.Single(trace.Stopped, a => a.Kind == ActivityKind.Client);
        Assert.True(attempt.StartTimeUtc + attempt.Duration >= firstChunkAt, "The attempt's span ended before its stream did.");
        Assert.True(request.StartTimeUtc + request.Duration >= attempt.StartTimeUtc + attempt.Duration);
        Assert.True((int)request.GetTagItem(Attr.OutputTokens)! > 0);
    }

    private static bool IsRequestSpan(Activity activity) =>
        activity.Source.Name == GatewayActivities.SourceName && activity.Kind != ActivityKind.Client;

    private async Task<HttpResponseMessage> ChatWithTraceAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatAlias, messages = new[] { new { role = "user", content = Prompt } }, max_tokens = 5 }),
        };
        request.Headers.Add("traceparent", TraceParent);
        return await Client.SendAsync(request, Ct);
    }
}
