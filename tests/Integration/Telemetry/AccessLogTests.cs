using System.Net;
using AiGateway.Gateway.Telemetry;
using AiGateway.Integration.Infrastructure;
using AiGateway.Shared.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// The access log of the real gateway, heard through a logger provider like any sink: one line per request, written
/// once the request has ended, and no prompt or key secret in any line of any category.
/// </summary>
public sealed class AccessLogTests : GatewayTestBase
{
    private const string Prompt = "Describe the violet heron that nests behind the old mill";

    private readonly LogCapture _logs;

    public AccessLogTests()
        : this(new LogCapture())
    {
    }

    private AccessLogTests(LogCapture logs)
        : base(services: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            // Debug as well: a prompt must not leak at any level the host might be set to.
            services.AddLogging(logging => logging.AddFilter<LogCapture>(null, LogLevel.Debug));
        })
    {
        _logs = logs;
    }

    [Fact]
    public async Task ChatRequest_OneLineWithItsFields_AndNeitherThePromptNorTheKeyInAnyLine()
    {
        using var response = await ChatAsync(body: new { model = ChatAlias, messages = new[] { new { role = "user", content = Prompt } }, max_tokens = 5 });

        var usage = (await ReadJsonAsync(response, HttpStatusCode.OK)).GetProperty("usage");
        var requestId = Header(response, "x-request-id");
        var line = await AccessLineAsync(requestId);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("Contoso Search", line.Field("Team"));
        Assert.Equal(Key[..ApiKeyFormat.PrefixLength], line.Field("KeyPrefix"));
        Assert.Equal(ChatAlias, line.Field("Alias"));
        Assert.Equal(ProvisionedDeployment, line.Field("Deployment"));
        Assert.Equal("sim-ptu", line.Field("Backend"));
        Assert.Equal(200, line.Field("Status"));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), line.Field("PromptTokens"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), line.Field("CompletionTokens"));
        Assert.False((bool?)line.Field("Estimated"));
        Assert.IsType<int>(line.Field("LatencyMs"));
        Assert.Null(line.Field("TimeToFirstTokenMs"));
        Assert.Equal(1, line.Field("Attempts"));
        Assert.Equal("succeeded", line.Field("Outcome"));
        Assert.True(line.Fields.ContainsKey("TraceId"));

        Assert.Single(_logs.Entries, e => e.Category == AccessLog.CategoryName && Equals(e.Field("RequestId"), requestId));
        var secret = Key[(ApiKeyFormat.PrefixLength + 1)..];
        Assert.DoesNotContain(_logs.Entries.SelectMany(e => e.Texts), text => text.Contains(Prompt, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries.SelectMany(e => e.Texts), text => text.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedOverStream_LineWrittenWhenTheStreamHasEnded_WithTheAttemptsAndTimeToFirstToken()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        // The backend waits a second of its fake clock between tokens, so the stream is open until the test moves it.
        await Simulator.ConfigureAsync(StandardDeployment, new { latency = new { perTokenMs = 1000 } });
        using var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 3);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        var requestId = Header(stream.Response, "x-request-id");

        Assert.NotNull(await stream.NextAsync());
        Assert.DoesNotContain(_logs.Entries, e => e.Category == AccessLog.CategoryName && Equals(e.Field("RequestId"), requestId));
        Assert.Equal("[DONE]", (await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1)))[^1]);

        var line = await AccessLineAsync(requestId);
        Assert.Equal(2, line.Field("Attempts"));
        Assert.Equal(StandardDeployment, line.Field("Deployment"));
        Assert.Equal("sim-paygo", line.Field("Backend"));
        Assert.Equal("succeeded", line.Field("Outcome"));
        Assert.NotNull(line.Field("TimeToFirstTokenMs"));
        Assert.True((int)line.Field("CompletionTokens")! > 0);
    }

    private Task<LogEntry> AccessLineAsync(string requestId) =>
        _logs.WaitForAsync(e => e.Category == AccessLog.CategoryName && Equals(e.Field("RequestId"), requestId));
}
