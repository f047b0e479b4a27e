using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Telemetry;

public sealed class RequestMetricsRecorderTests : IDisposable
{
    private const string StreamBody = """{"model":"chat","stream":true,"messages":[{"role":"user","content":"Hello there"}]}""";
    private const string EmbeddingsBody = """{"model":"chat","input":"Hello there"}""";

    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly MetricsCapture _capture = new();
    private readonly GatewayMetrics _metrics;
    private readonly RequestMetricsRecorder _recorder;
    private readonly TeamEntry _team = GatewayRequests.Team("alpha");
    private readonly AliasEntry _alias;

    public RequestMetricsRecorderTests()
    {
        var health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()));
        _metrics = new GatewayMetrics(_capture.Factory, new BackendHealthReadings(health, new GatewaySnapshotStore()));
        _recorder = new RequestMetricsRecorder(_metrics, _clock);
        var target = TestTargets.Target(TestTargets.Backend(), deploymentName: "gpt-4o-eastus") with { Model = "gpt-4o-2024-08-06" };
        _alias = TestTargets.Alias(target) with { Name = "chat" };
    }

    public void Dispose() => _capture.Dispose();

    [Fact]
    public void Served_CountsTheRequest_ByTeamAliasStatusClassAndOutcome()
    {
        var gateway = Resolved();
        gateway.Answered(usage: new TokenUsage(1_200, 300, 1_500), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(1, request.Value);
        Assert.Equal("{request}", request.Unit);
        Assert.Equal(
            new Dictionary<string, string?> { ["aigw.team"] = "alpha", ["aigw.alias"] = "chat", ["aigw.status_class"] = "2xx", ["aigw.outcome"] = "served" },
            request.Tags);
    }

    [Fact]
    public void Served_RecordsItsDurationInSeconds_WithTheGenAiAttributes()
    {
        var gateway = Resolved();
        _clock.Advance(TimeSpan.FromMilliseconds(1_500));
        gateway.Answered(usage: new TokenUsage(1_200, 300, 1_500), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        var duration = Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName));
        Assert.Equal(1.5, duration.Value, 6);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["gen_ai.operation.name"] = "chat",
                ["gen_ai.request.model"] = "chat",
                ["gen_ai.response.model"] = "gpt-4o-2024-08-06",
                ["gen_ai.provider.name"] = "azure.ai.openai",
                ["aigw.team"] = "alpha",
                ["aigw.deployment"] = "gpt-4o-eastus",
            },
            duration.Tags);
    }

    [Fact]
    public void Served_RecordsInputAndOutputTokens_AsTheBackendReportedThem()
    {
        var gateway = Resolved();
        gateway.Answered(usage: new TokenUsage(1_200, 300, 1_500), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        var tokens = _capture.Of(GatewayMetrics.TokenUsageName);
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, t => Assert.Equal("{token}", t.Unit));
        Assert.Equal(1_200, Assert.Single(tokens, t => t.Tag("gen_ai.token.type") == "input").Value);
        Assert.Equal(300, Assert.Single(tokens, t => t.Tag("gen_ai.token.type") == "output").Value);
        Assert.All(tokens, t => Assert.Equal("gpt-4o-eastus", t.Tag("aigw.deployment")));
        Assert.Empty(_capture.Of(GatewayMetrics.TimeToFirstTokenName));
        Assert.Empty(_capture.Of(GatewayMetrics.TimePerOutputTokenName));
    }

    [Fact]
    public void Stream_RecordsTimeToFirstToken_AndTimePerOutputTokenAfterTheFirst()
    {
        var gateway = Resolved(StreamBody);
        var attempt = gateway.Answered(usage: new TokenUsage(20, 9, 29), clock: _clock);
        _clock.Advance(TimeSpan.FromMilliseconds(400));
        attempt.Observer.OnDelivered(64);
        _clock.Advance(TimeSpan.FromMilliseconds(1_600));

        _recorder.Record(gateway, 200, aborted: false);

        Assert.Equal(2.0, Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName)).Value, 6);
        var firstToken = Assert.Single(_capture.Of(GatewayMetrics.TimeToFirstTokenName));
        Assert.Equal(0.4, firstToken.Value, 6);
        Assert.Equal("s", firstToken.Unit);
        // (2.0 s - 0.4 s) over the 8 output tokens after the first.
        Assert.Equal(0.2, Assert.Single(_capture.Of(GatewayMetrics.TimePerOutputTokenName)).Value, 6);
    }

    [Fact]
    public void Stream_WithOneOutputToken_HasNoTimePerOutputToken()
    {
        var gateway = Resolved(StreamBody);
        var attempt = gateway.Answered(usage: new TokenUsage(20, 1, 21), clock: _clock);
        attempt.Observer.OnDelivered(64);

        _recorder.Record(gateway, 200, aborted: false);

        Assert.Single(_capture.Of(GatewayMetrics.TimeToFirstTokenName));
        Assert.Empty(_capture.Of(GatewayMetrics.TimePerOutputTokenName));
    }

    [Fact]
    public void Embeddings_RecordInputTokensOnly()
    {
        var gateway = Resolved(EmbeddingsBody, GatewayOperation.Embeddings);
        gateway.Answered(usage: new TokenUsage(7, 0, 7), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        var tokens = Assert.Single(_capture.Of(GatewayMetrics.TokenUsageName));
        Assert.Equal(("input", 7.0, "embeddings"), (tokens.Tag("gen_ai.token.type"), tokens.Value, tokens.Tag("gen_ai.operation.name")));
    }

    [Fact]
    public void QuotaRefusal_IsCountedWithItsLimit_AndLeavesTheBackendFiguresAlone()
    {
        var gateway = Resolved();
        gateway.Admitted(new QuotaDecision(null, QuotaLimitKind.TokensPerMinute, Guid.NewGuid(), TimeSpan.FromSeconds(20), 10, 0));

        _recorder.Record(gateway, 429, aborted: false);

        var refusal = Assert.Single(_capture.Of(GatewayMetrics.QuotaRefusalsName));
        Assert.Equal(new Dictionary<string, string?> { ["aigw.team"] = "alpha", ["aigw.quota.limit"] = "tokens_per_minute" }, refusal.Tags);
        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(("4xx", "refused_quota"), (request.Tag("aigw.status_class"), request.Tag("aigw.outcome")));
        Assert.Empty(_capture.Of(GatewayMetrics.RequestDurationName));
        Assert.Empty(_capture.Of(GatewayMetrics.TokenUsageName));
    }

    [Fact]
    public void Unauthenticated_IsCountedWithoutTeamOrAlias()
    {
        var gateway = GatewayRequests.Arrived(GatewayRequests.Snapshot(), clock: _clock);

        _recorder.Record(gateway, 401, aborted: false);

        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(new Dictionary<string, string?> { ["aigw.status_class"] = "4xx", ["aigw.outcome"] = "unauthenticated" }, request.Tags);
        Assert.Empty(_capture.Of(GatewayMetrics.RequestDurationName));
    }

    [Fact]
    public void EveryBackendFailing_IsAFailure_WithTheStatusAsErrorType_AndNoTokens()
    {
        var gateway = Resolved();
        gateway.Answered(AttemptResult.BackendFailed, 500, clock: _clock);

        _recorder.Record(gateway, 503, aborted: false);

        Assert.Equal("failed", Assert.Single(_capture.Of(GatewayMetrics.RequestsName)).Tag("aigw.outcome"));
        Assert.Equal("503", Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName)).Tag("error.type"));
        Assert.Empty(_capture.Of(GatewayMetrics.TokenUsageName));
    }

    [Fact]
    public void CutStream_IsAFailure_NamedStreamInterrupted_ButItsDeliveredTokensCount()
    {
        var gateway = Resolved(StreamBody);
        gateway.Answered(AttemptResult.Cut, 200, new TokenUsage(20, 4, 24), _clock);

        _recorder.Record(gateway, 502, aborted: false);

        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(("5xx", "failed"), (request.Tag("aigw.status_class"), request.Tag("aigw.outcome")));
        Assert.Equal("stream_interrupted", Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName)).Tag("error.type"));
        Assert.Equal(2, _capture.Of(GatewayMetrics.TokenUsageName).Count);
        Assert.Empty(_capture.Of(GatewayMetrics.TimeToFirstTokenName));
    }

    [Fact]
    public void ClientGone_BeforeTheAnswerWasWhole_IsCancelled()
    {
        var gateway = Resolved();
        gateway.Answered(AttemptResult.TimedOut, null, clock: _clock);

        _recorder.Record(gateway, 200, aborted: true);

        Assert.Equal("cancelled", Assert.Single(_capture.Of(GatewayMetrics.RequestsName)).Tag("aigw.outcome"));
        Assert.Equal("cancelled", Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName)).Tag("error.type"));
    }

    [Fact]
    public void BackendsOwnRefusal_IsAClientError_WithoutTokens()
    {
        var gateway = Resolved();
        gateway.Answered(AttemptResult.ClientError, 400, clock: _clock);

        _recorder.Record(gateway, 400, aborted: false);

        Assert.Equal("client_error", Assert.Single(_capture.Of(GatewayMetrics.RequestsName)).Tag("aigw.outcome"));
        Assert.Equal("400", Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName)).Tag("error.type"));
        Assert.Empty(_capture.Of(GatewayMetrics.TokenUsageName));
    }

    [Fact]
    public void CachedAndReasoningTokens_AreCounted_WhenTheBackendReportsThem()
    {
        var gateway = Resolved();
        gateway.Answered(usage: new TokenUsage(2_000, 500, 2_500, CachedTokens: 1_536, ReasoningTokens: 320), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        var cached = Assert.Single(_capture.Of(GatewayMetrics.CachedTokensName));
        Assert.Equal(1_536, cached.Value);
        Assert.Equal(new Dictionary<string, string?> { ["aigw.team"] = "alpha", ["aigw.alias"] = "chat", ["aigw.deployment"] = "gpt-4o-eastus" }, cached.Tags);
        Assert.Equal(320, Assert.Single(_capture.Of(GatewayMetrics.ReasoningTokensName)).Value);
    }

    [Fact]
    public void NoCachedOrReasoningTokens_RecordNothingOnThoseCounters()
    {
        var gateway = Resolved();
        gateway.Answered(usage: new TokenUsage(20, 5, 25), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        Assert.Empty(_capture.Of(GatewayMetrics.CachedTokensName));
        Assert.Empty(_capture.Of(GatewayMetrics.ReasoningTokensName));
    }

    [Fact]
    public void OpenAICompatibleBackend_IsNamedOpenAI()
    {
        var target = TestTargets.Target(TestTargets.Backend(kind: BackendKind.OpenAICompatible));
        var gateway = GatewayRequests.Resolved(TestTargets.Alias(target), _team, clock: _clock);
        gateway.Answered(usage: new TokenUsage(1, 1, 2), clock: _clock);

        _recorder.Record(gateway, 200, aborted: false);

        Assert.Equal("openai", Assert.Single(_capture.Of(GatewayMetrics.RequestDurationName)).Tag("gen_ai.provider.name"));
    }

    [Fact]
    public void Histograms_AdviseTheSemanticConventionsBuckets()
    {
        Assert.Equal(
            [1L, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
            _metrics.TokenUsage.Advice!.HistogramBucketBoundaries!);
        Assert.Equal(
            [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
            _metrics.RequestDuration.Advice!.HistogramBucketBoundaries!);
        Assert.Equal(0.001, _metrics.TimeToFirstToken.Advice!.HistogramBucketBoundaries![0]);
        Assert.Equal(10.0, _metrics.TimeToFirstToken.Advice!.HistogramBucketBoundaries![^1]);
        Assert.Equal(0.01, _metrics.TimePerOutputToken.Advice!.HistogramBucketBoundaries![0]);
        Assert.Equal(2.5, _metrics.TimePerOutputToken.Advice!.HistogramBucketBoundaries![^1]);
    }

    private GatewayRequestContext Resolved(string body = GatewayRequests.ChatBody, GatewayOperation operation = GatewayOperation.ChatCompletions) =>
        GatewayRequests.Resolved(_alias, _team, body: body, operation: operation, clock: _clock);
}
