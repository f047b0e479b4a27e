using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Streaming;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Pricing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class UsageMeteringMiddlewareTests
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly RecordingUsageSink _sink = new();
    private readonly LiveTraffic _live;
    private readonly TeamEntry _team = GatewayRequests.Team("alpha");
    private readonly ClientKeyEntry _key;
    private readonly AliasTargetEntry _target = TestTargets.Target(TestTargets.Backend(), deploymentName: "gpt-4o-eastus") with
    {
        Pricing = DeploymentPricing.From(
        [
            new DeploymentPrice { EffectiveFrom = GatewayRequests.Now.AddDays(-1), InputPer1K = 0.0025m, CachedInputPer1K = 0.00125m, OutputPer1K = 0.01m, ReasoningPer1K = 0.02m },
            new DeploymentPrice { ServiceTier = "batch", EffectiveFrom = GatewayRequests.Now.AddDays(-1), InputPer1K = 0.001m, OutputPer1K = 0.005m },
            // Scheduled after the request started: it must not price it.
            new DeploymentPrice { EffectiveFrom = GatewayRequests.Now.AddSeconds(1), InputPer1K = 1m, OutputPer1K = 1m },
        ]),
    };

    private readonly AliasEntry _alias;

    public UsageMeteringMiddlewareTests()
    {
        _live = new LiveTraffic(_clock);
        _key = GatewayRequests.Key(_team);
        _alias = TestTargets.Alias(_target);
    }

    [Fact]
    public async Task InvokeAsync_AnswerReportsCachedAndReasoningTokens_RecordsThemAndPricesEachAtItsOwnRate()
    {
        var http = Request();
        var next = new NextStep(h =>
        {
            // Finishing after the scheduled price takes effect changes nothing: the request is priced as it started.
            _clock.Advance(TimeSpan.FromSeconds(5));
            var attempt = h.Gateway().Answered(usage: new TokenUsage(1_000, 500, 1_500, CachedTokens: 400, ReasoningTokens: 200, AudioPromptTokens: 100, AudioCompletionTokens: 50));
            attempt.Observer.ServiceTier = "default";
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.Equal((1_000, 500, 400, 200, 100, 50), (record.PromptTokens, record.CompletionTokens, record.CachedPromptTokens, record.ReasoningTokens, record.AudioPromptTokens, record.AudioCompletionTokens));
        Assert.Equal("default", record.ServiceTier);
        // Text in 500 and audio in 100 at 0.0025, cached 400 at 0.00125, text out 250 and audio out 50 at 0.01, reasoning 200 at 0.02.
        Assert.Equal((600 * 0.0025m + 400 * 0.00125m + 300 * 0.01m + 200 * 0.02m) / 1000m, record.Cost);
    }

    [Fact]
    public async Task InvokeAsync_AnswerNamesBatchTier_PricesItAtTheBatchTable()
    {
        var http = Request();
        var next = new NextStep(h => h.Gateway().Answered(usage: new TokenUsage(1_000, 1_000, 2_000)).Observer.ServiceTier = "batch");

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.Equal("batch", record.ServiceTier);
        Assert.Equal(0.006m, record.Cost);
    }

    [Fact]
    public async Task InvokeAsync_AnswerDelivered_LeavesOneRecordOfWhoWhatWhereTokensAndCost()
    {
        var http = Request();
        var next = new NextStep(h =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1_500));
            h.Gateway().Answered(usage: new TokenUsage(1_200, 300, 1_500));
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        var gateway = http.Gateway();
        Assert.Equal(GatewayRequests.Now, record.At);
        Assert.Equal(gateway.RequestId, record.RequestId);
        Assert.Equal(_team.Id, record.TeamId);
        Assert.Equal(_key.Id, record.ApiKeyId);
        Assert.Equal("gpt-4o", record.AliasName);
        Assert.Equal(_target.DeploymentId, record.DeploymentId);
        Assert.Equal(_target.Backend.Id, record.BackendId);
        Assert.Equal(nameof(GatewayOperation.ChatCompletions), record.Operation);
        Assert.Equal(1_200, record.PromptTokens);
        Assert.Equal(300, record.CompletionTokens);
        Assert.Equal(StatusCodes.Status200OK, record.StatusCode);
        Assert.Equal(1_500, record.LatencyMs);
        Assert.False(record.Streamed);
        Assert.Null(record.TimeToFirstTokenMs);
        Assert.False(record.Estimated);
        // 1,200 prompt tokens at 0.0025 per 1K and 300 completion tokens at 0.01 per 1K.
        Assert.Equal(0.006m, record.Cost);
    }

    [Fact]
    public async Task InvokeAsync_AnswerDelivered_CountsInTheLiveTraffic()
    {
        var http = Request();
        var next = new NextStep(h => h.Gateway().Answered(usage: new TokenUsage(1_200, 300, 1_500)));

        await Middleware(next).InvokeAsync(http);

        var team = _live.Snapshot(TimeSpan.FromMinutes(1)).Team(_team.Id);
        Assert.NotNull(team);
        Assert.Equal(1, team.Requests);
        Assert.Equal(1_500, team.Tokens);
        Assert.Equal(0, team.Errors);
    }

    [Fact]
    public async Task InvokeAsync_StreamDelivered_RecordsTheTimeToFirstToken()
    {
        var http = Request("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true}""");
        var next = new NextStep(h =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            var attempt = h.Gateway().Answered(usage: new TokenUsage(10, 90, 100), clock: _clock);
            attempt.Observer.OnDelivered(64);
            _clock.Advance(TimeSpan.FromMilliseconds(800));
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.True(record.Streamed);
        Assert.Equal(200, record.TimeToFirstTokenMs);
        Assert.Equal(1_000, record.LatencyMs);
    }

    [Theory]
    [InlineData(AttemptResult.Cut)]
    [InlineData(AttemptResult.Succeeded)]
    public async Task InvokeAsync_StreamWithoutUsage_CountsTheDeliveredTextWithTheTokenizerMarkedEstimated(AttemptResult result)
    {
        const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Tell me a story"}],"stream":true}""";
        string[] story = ["Once", " upon", " a", " time,", " in", " a", " village", " by", " the", " sea,", " there", " lived", " a", " fisherman."];
        var http = Request(Body);
        var next = new NextStep(async h =>
        {
            var attempt = h.Gateway().Answered(result, usage: null);
            var frames = ScriptStep.Data(string.Concat(story.Select(SseSamples.ContentFrame)));
            await StreamReads.ReadAllAsync(new SseResponseStream(ScriptedStream.Of(frames), attempt.Observer, removeUsageChunk: false));
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.True(record.Estimated);
        Assert.Equal(TokenEstimator.CountPromptTokens(GatewayRequests.Body(Body).Body.Span), record.PromptTokens);
        Assert.Equal(TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(string.Concat(story)), record.CompletionTokens);
    }

    [Fact]
    public async Task InvokeAsync_BackendRefusedTheRequest_RecordsItsStatusWithoutTokensOrCost()
    {
        var http = Request();
        var next = new NextStep(h =>
        {
            h.Gateway().Answered(AttemptResult.ClientError, StatusCodes.Status400BadRequest);
            h.Response.StatusCode = StatusCodes.Status400BadRequest;
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.Equal(StatusCodes.Status400BadRequest, record.StatusCode);
        Assert.Equal(0, record.PromptTokens + record.CompletionTokens);
        Assert.Equal(0m, record.Cost);
    }

    [Fact]
    public async Task InvokeAsync_BackendsAnsweredButNothingWasDelivered_RecordsTheLastBackendsStatus()
    {
        var http = Request();
        var next = new NextStep(h =>
        {
            h.Gateway().Answered(AttemptResult.BackendFailed, StatusCodes.Status503ServiceUnavailable);
            h.Response.StatusCode = StatusCodes.Status502BadGateway;
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, record.StatusCode);
        Assert.Equal(0, record.PromptTokens + record.CompletionTokens);
    }

    [Theory]
    [InlineData(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway)]
    [InlineData(StatusCodes.Status401Unauthorized, StatusCodes.Status502BadGateway)]
    [InlineData(StatusCodes.Status429TooManyRequests, StatusCodes.Status429TooManyRequests)]
    public async Task InvokeAsync_NoBackendServed_RecordsTheFailureAsTheFiguresCountIt(int backendStatus, int recorded)
    {
        var http = Request();
        var result = backendStatus == StatusCodes.Status429TooManyRequests ? AttemptResult.Throttled : AttemptResult.BackendFailed;
        var next = new NextStep(h =>
        {
            h.Gateway().Answered(result, backendStatus);
            h.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        });

        await Middleware(next).InvokeAsync(http);

        // Neither 429 nor 5xx means served: the rollups and chargeback count on it.
        var record = Assert.Single(_sink.Records);
        Assert.Equal(recorded, record.StatusCode);
        Assert.Equal(0m, record.Cost);
        var team = _live.Snapshot(TimeSpan.FromMinutes(1)).Team(_team.Id)!;
        Assert.Equal((recorded >= 500 ? 1 : 0, recorded == 429 ? 1 : 0), ((int)team.Errors, (int)team.Throttled));
    }

    [Fact]
    public async Task InvokeAsync_RefusedByQuota_LeavesNoRecordButALiveRefusal()
    {
        var http = Request();
        var next = new NextStep(h =>
        {
            h.Gateway().Admitted(new QuotaDecision(null, QuotaLimitKind.RequestsPerMinute, Guid.NewGuid(), TimeSpan.FromSeconds(45), 0, null));
            h.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        });

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(0, _sink.Offered);
        var team = _live.Snapshot(TimeSpan.FromMinutes(1)).Team(_team.Id);
        Assert.NotNull(team);
        Assert.Equal(1, team.Refused);
        Assert.Equal(1, team.Throttled);
        Assert.Equal(0, team.Tokens);
    }

    [Theory]
    [InlineData(AttemptResult.Unreachable, 502)]
    [InlineData(AttemptResult.TimedOut, 504)]
    public async Task InvokeAsync_NoBackendAnswered_RecordsTheFailureAtTheLastBackend_BillingNothing(AttemptResult result, int expected)
    {
        var http = Request();
        var next = new NextStep(h =>
        {
            h.Gateway().Answered(result, backendStatus: null);
            h.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        });

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.Equal(expected, record.StatusCode);
        Assert.Equal(http.Gateway().Alias.Targets[0].Backend.Id, record.BackendId);
        Assert.Equal(0, record.PromptTokens + record.CompletionTokens);
        Assert.Equal(0m, record.Cost);
        Assert.Equal(1, _live.Snapshot(TimeSpan.FromMinutes(1)).Team(_team.Id)!.Errors);
    }

    [Fact]
    public async Task InvokeAsync_ClientLeftBeforeAnyAnswer_Records499AtTheDeploymentItWasSentTo_BillingNothing()
    {
        var http = Request();
        var next = new NextStep(h => h.Gateway().Answered(AttemptResult.Abandoned, backendStatus: null));

        await Middleware(next).InvokeAsync(http);

        var record = Assert.Single(_sink.Records);
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, record.StatusCode);
        Assert.Equal(_target.DeploymentId, record.DeploymentId);
        Assert.Equal(_target.Backend.Id, record.BackendId);
        Assert.Equal(0, record.PromptTokens + record.CompletionTokens);
        Assert.False(record.Estimated);
        Assert.Equal(0m, record.Cost);
    }

    [Fact]
    public async Task InvokeAsync_LaterStepThrowsAfterTheAnswer_StillRecordsAndRethrows()
    {
        var http = Request();
        var next = new NextStep(new Func<HttpContext, Task>(h =>
        {
            h.Gateway().Answered(usage: new TokenUsage(100, 20, 120));
            throw new IOException("client connection reset");
        }));

        await Assert.ThrowsAsync<IOException>(() => Middleware(next).InvokeAsync(http));

        var record = Assert.Single(_sink.Records);
        Assert.Equal(100, record.PromptTokens);
        Assert.Equal(20, record.CompletionTokens);
    }

    [Fact]
    public async Task InvokeAsync_LaterStepThrowsBeforeAnyAttempt_CountsItLiveAndRethrows()
    {
        var http = Request();
        var next = new NextStep(new Func<HttpContext, Task>(_ => throw new InvalidOperationException("no route")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware(next).InvokeAsync(http));

        Assert.Equal(0, _sink.Offered);
        Assert.Equal(1, _live.Snapshot(TimeSpan.FromMinutes(1)).Total.Requests);
    }

    [Fact]
    public async Task InvokeAsync_SinkFull_TheRequestStillCompletes()
    {
        _sink.Accepts = false;
        var http = Request();
        var next = new NextStep(h => h.Gateway().Answered(usage: new TokenUsage(1, 1, 2)));

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(1, _sink.Offered);
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    private UsageMeteringMiddleware Middleware(NextStep next) => new(next.InvokeAsync, _sink, _live, _clock);

    private DefaultHttpContext Request(string body = GatewayRequests.ChatBody) =>
        GatewayRequests.Http(GatewayRequests.Resolved(_alias, _team, _key, body, clock: _clock));
}
