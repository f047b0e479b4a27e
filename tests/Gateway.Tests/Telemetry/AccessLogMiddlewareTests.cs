using System.Diagnostics;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Telemetry;

public sealed class AccessLogMiddlewareTests : IDisposable
{
    private const string Prompt = "the secret recipe is forty-two";

    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly CapturedLogs _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly AccessLogOptions _options = new();
    private readonly TeamEntry _team = GatewayRequests.Team("alpha");
    private readonly ClientKeyEntry _key;
    private readonly AliasEntry _alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend(), deploymentName: "gpt-4o-eastus"));

    public AccessLogMiddlewareTests()
    {
        _loggers = new LoggerFactory([_logs]);
        _key = GatewayRequests.Key(_team, prefix: "agw_PUBLICPREFIX");
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task InvokeAsync_RequestServed_OneInformationLineWithWhoWhatTokensAndTimings()
    {
        var http = Request();
        var next = Served(h =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1_500));
            return new TokenUsage(1_200, 300, 1_500);
        });

        await Middleware(next).InvokeAsync(http);

        var line = Assert.Single(_logs.Entries);
        Assert.Equal(AccessLog.CategoryName, line.Category);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(900, line.EventId.Id);
        var fields = line.Fields;
        Assert.Equal(http.Gateway().RequestId, fields["RequestId"]);
        Assert.Null(fields["TraceId"]);
        Assert.Equal("alpha", fields["Team"]);
        Assert.Equal("agw_PUBLICPREFIX", fields["KeyPrefix"]);
        Assert.Equal("gpt-4o", fields["Alias"]);
        Assert.Equal("gpt-4o-eastus", fields["Deployment"]);
        Assert.Equal(_alias.Targets[0].Backend.Name, fields["Backend"]);
        Assert.Equal(200, fields["Status"]);
        Assert.Equal(1_200, fields["PromptTokens"]);
        Assert.Equal(300, fields["CompletionTokens"]);
        Assert.False((bool?)fields["Estimated"]);
        Assert.Equal(1_500, fields["LatencyMs"]);
        Assert.Null(fields["TimeToFirstTokenMs"]);
        Assert.Equal(1, fields["Attempts"]);
        Assert.Equal("succeeded", fields["Outcome"]);
        Assert.Contains("agw_PUBLICPREFIX", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NeverWritesThePrompt()
    {
        var http = Request();

        await Middleware(Served(_ => new TokenUsage(10, 2, 12))).InvokeAsync(http);

        var line = Assert.Single(_logs.Entries);
        Assert.DoesNotContain(Prompt, line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(line.Fields.Values, value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Contains(Prompt, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task InvokeAsync_Stream_LineWrittenAfterTheStream_WithTheTimeToFirstToken()
    {
        var http = Request(stream: true);
        var next = new NextStep(h =>
        {
            var gateway = h.Gateway();
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            var attempt = gateway.Answered(usage: new TokenUsage(10, 90, 100), clock: _clock);
            attempt.Observer.OnDelivered(64);
            _clock.Advance(TimeSpan.FromMilliseconds(800));
            Assert.Empty(_logs.Entries);
            RequestUsage.Of(gateway);
        });

        await Middleware(next.InvokeAsync).InvokeAsync(http);

        var fields = Assert.Single(_logs.Entries).Fields;
        Assert.Equal(200, fields["TimeToFirstTokenMs"]);
        Assert.Equal(1_000, fields["LatencyMs"]);
        Assert.Equal(90, fields["CompletionTokens"]);
    }

    [Fact]
    public async Task InvokeAsync_RefusedBeforeAnyBackend_NamesTheStatusWithNoTokensOrDeployment()
    {
        var http = GatewayRequests.Http(GatewayRequests.Arrived(GatewayRequests.Snapshot(), clock: _clock));

        await Middleware(h =>
        {
            h.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }).InvokeAsync(http);

        var fields = Assert.Single(_logs.Entries).Fields;
        Assert.Equal(401, fields["Status"]);
        Assert.Equal(AccessLog.NotForwarded, fields["Outcome"]);
        Assert.Equal(0, fields["Attempts"]);
        Assert.Null(fields["Team"]);
        Assert.Null(fields["Alias"]);
        Assert.Null(fields["Deployment"]);
        Assert.Null(fields["PromptTokens"]);
        Assert.Null(fields["Estimated"]);
    }

    [Fact]
    public async Task InvokeAsync_FailedOver_NamesTheDeploymentThatAnsweredAndEveryAttempt()
    {
        var http = Request();

        await Middleware(h =>
        {
            var gateway = h.Gateway();
            gateway.Answered(AttemptResult.Throttled, StatusCodes.Status429TooManyRequests);
            gateway.Answered(usage: new TokenUsage(5, 5, 10));
            RequestUsage.Of(gateway);
            return Task.CompletedTask;
        }).InvokeAsync(http);

        var fields = Assert.Single(_logs.Entries).Fields;
        Assert.Equal(2, fields["Attempts"]);
        Assert.Equal("succeeded", fields["Outcome"]);
    }

    [Fact]
    public async Task InvokeAsync_UnderATrace_NamesItsTraceId()
    {
        using var trace = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var http = Request();

        await Middleware(Served(_ => new TokenUsage(1, 1, 2))).InvokeAsync(http);

        Assert.Equal(trace.TraceId.ToHexString(), Assert.Single(_logs.Entries).Fields["TraceId"]);
    }

    [Fact]
    public async Task InvokeAsync_StepThrowsBeforeTheResponseStarted_LogsTheExceptionHandlersStatus_AndTheExceptionGoesOn()
    {
        var http = Request();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware(_ => throw new InvalidOperationException("boom")).InvokeAsync(http));

        Assert.Equal(500, Assert.Single(_logs.Entries).Fields["Status"]);
    }

    [Fact]
    public async Task InvokeAsync_Disabled_WritesNothing()
    {
        _options.Enabled = false;
        var next = new NextStep(_ => { });

        await Middleware(next.InvokeAsync).InvokeAsync(Request());

        Assert.True(next.Called);
        Assert.Empty(_logs.Entries);
    }

    private AccessLogMiddleware Middleware(RequestDelegate next) =>
        new(next, new AccessLog(_loggers, new TestOptionsMonitor<AccessLogOptions>(_options), _clock));

    /// <summary>The later steps for a request one backend served: the attempt, with the usage metering worked out.</summary>
    private static RequestDelegate Served(Func<HttpContext, TokenUsage> usage) => http =>
    {
        var gateway = http.Gateway();
        gateway.Answered(usage: usage(http));
        RequestUsage.Of(gateway);
        return Task.CompletedTask;
    };

    private DefaultHttpContext Request(bool stream = false)
    {
        var body = $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"{{Prompt}}"}],"stream":{{(stream ? "true" : "false")}}}""";
        return GatewayRequests.Http(GatewayRequests.Resolved(_alias, _team, _key, body: body, clock: _clock));
    }
}
