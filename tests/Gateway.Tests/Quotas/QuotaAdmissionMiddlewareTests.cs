using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Quotas;

public sealed class QuotaAdmissionMiddlewareTests
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello there"}],"max_tokens":100}""";

    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly InProcessQuotaStore _store;
    private readonly ThrottleLog _throttles;
    private readonly ListLogger<QuotaAdmissionMiddleware> _logger = new();
    private readonly AliasEntry _alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()));
    private readonly long _estimate;

    public QuotaAdmissionMiddlewareTests()
    {
        _store = new InProcessQuotaStore(_clock);
        _throttles = new ThrottleLog(_clock);
        var body = GatewayRequests.Body(Body);
        _estimate = TokenEstimator.Estimate(body.Body.Span, body.Inspected, null, new GatewayOptions().DefaultOutputTokensEstimate);
    }

    [Fact]
    public async Task InvokeAsync_NoPolicyApplies_CallsNextAndReservesNothing()
    {
        var http = Request(limits: null);
        var next = new NextStep(h => h.Gateway().Answered(usage: new TokenUsage(10, 10, 20)));

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Null(http.Gateway().Quota);
        Assert.Equal(0, _store.HeldCounters);
    }

    [Fact]
    public async Task InvokeAsync_WithinLimits_AdmitsBeforeNextWithTheRemainingFigures()
    {
        var http = Request(QuotaTestLimits.Policy(rpm: 10, tpm: 10_000));
        QuotaDecision? seen = null;
        var next = new NextStep(h => seen = h.Gateway().Quota);

        await Middleware(next).InvokeAsync(http);

        Assert.NotNull(seen);
        Assert.True(seen.Admitted);
        Assert.Equal(9, seen.RemainingRequests);
        Assert.Equal(10_000 - _estimate, seen.RemainingTokens);
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_RequestsPerMinuteUsedUp_Answers429RateLimitExceededUntilTheMinutesEnd()
    {
        var limits = QuotaTestLimits.Policy(rpm: 1);
        var http = Request(limits);
        await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], 1, TestContext.Current.CancellationToken);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status429TooManyRequests, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("45", http.Response.Headers.RetryAfter);
        Assert.Equal("45000", http.Response.Headers["retry-after-ms"]);
        Assert.Equal("true", http.Response.Headers["x-should-retry"]);
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, http.Gateway().Quota!.DeniedBy);
    }

    [Fact]
    public async Task InvokeAsync_Refused_EntersTheThrottleLogWithTheLimitAndPolicy()
    {
        var limits = QuotaTestLimits.Policy(rpm: 1);
        var http = Request(limits);
        await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], 1, TestContext.Current.CancellationToken);

        await Middleware(new NextStep()).InvokeAsync(http);

        var entry = Assert.Single(_throttles.Recent());
        Assert.Equal(ThrottleLogKind.QuotaRefusal, entry.Kind);
        Assert.Equal(http.Gateway().RequestId, entry.RequestId);
        Assert.Equal(TeamOf(http).Id, entry.TeamId);
        Assert.Equal(_alias.Name, entry.AliasName);
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, entry.Limit);
        Assert.Equal(limits.PolicyId, entry.PolicyId);
        Assert.Equal(TimeSpan.FromSeconds(45), entry.RetryAfter);
    }

    [Fact]
    public async Task InvokeAsync_DailyBudgetUsedUp_Answers403BudgetExceededWithoutRetryAfter()
    {
        var limits = QuotaTestLimits.Policy(daily: 1_000);
        var http = Request(limits);
        await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], 1_000, TestContext.Current.CancellationToken);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        // 403 rather than 429: the .NET SDKs retry every 429 and sleep out its retry-after, which here runs to midnight.
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("daily_token_budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Equal(
            $"Your daily token budget is used up: it has fewer tokens left than this request may use (up to {_estimate}). It renews at {GatewayRequests.Now.UtcDateTime.Date.AddDays(1):yyyy-MM-dd} 00:00 UTC; ask the gateway's admins to raise it, or lower max_tokens.",
            error.GetProperty("message").GetString());
        Assert.Equal("false", http.Response.Headers["x-should-retry"]);
        Assert.False(http.Response.Headers.ContainsKey("retry-after"));
        Assert.False(http.Response.Headers.ContainsKey("retry-after-ms"));
    }

    [Fact]
    public async Task InvokeAsync_MonthlyBudgetUsedUp_Answers403BudgetExceeded()
    {
        var limits = QuotaTestLimits.Policy(monthly: 1_000);
        var http = Request(limits);
        await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], 1_000, TestContext.Current.CancellationToken);

        await Middleware(new NextStep()).InvokeAsync(http);

        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.Equal("monthly_token_budget_exceeded", http.Response.ErrorCode());
        Assert.False(http.Response.Headers.ContainsKey("retry-after"));
    }

    [Fact]
    public async Task InvokeAsync_DailyBudgetUsedUp_StillLoggedAsAQuotaRefusal()
    {
        var limits = QuotaTestLimits.Policy(daily: 1_000);
        var http = Request(limits);
        await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], 1_000, TestContext.Current.CancellationToken);

        await Middleware(new NextStep()).InvokeAsync(http);

        var entry = Assert.Single(_throttles.Recent());
        Assert.Equal(ThrottleLogKind.QuotaRefusal, entry.Kind);
        Assert.Equal(QuotaLimitKind.DailyTokenBudget, entry.Limit);
        Assert.Equal(new TimeSpan(14, 29, 45), entry.RetryAfter);
    }

    [Fact]
    public async Task InvokeAsync_EstimateLargerThanALimitAllowsAtAll_Answers429WithoutRetryAfter()
    {
        var http = Request(QuotaTestLimits.Policy(tpm: (int)_estimate - 1));
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status429TooManyRequests, http.Response.StatusCode);
        Assert.Equal("request_exceeds_quota", http.Response.ErrorCode());
        Assert.False(http.Response.Headers.ContainsKey("retry-after"));
    }

    [Fact]
    public async Task InvokeAsync_AnswerDelivered_SettlesTheReservationToTheRealUsage()
    {
        var limits = QuotaTestLimits.Policy(rpm: 10, tpm: 10_000, daily: 100_000);
        var http = Request(limits);
        var next = new NextStep(h => h.Gateway().Answered(usage: new TokenUsage(30, 20, 50)));

        await Middleware(next).InvokeAsync(http);

        var standing = await Probe(TeamOf(http).Id, limits);
        Assert.Equal(10 - 2, standing.RemainingRequests);
        Assert.Equal(10_000 - 50, standing.RemainingTokens);
    }

    [Fact]
    public async Task InvokeAsync_NoBackendAnswered_ReleasesTheReservation()
    {
        var limits = QuotaTestLimits.Policy(rpm: 10, tpm: 10_000);
        var http = Request(limits);
        var next = new NextStep(h => h.Gateway().Answered(AttemptResult.Unreachable, backendStatus: null));

        await Middleware(next).InvokeAsync(http);

        var standing = await Probe(TeamOf(http).Id, limits);
        Assert.Equal(10 - 1, standing.RemainingRequests);
        Assert.Equal(10_000, standing.RemainingTokens);
    }

    [Fact]
    public async Task InvokeAsync_LaterStepThrows_ReleasesTheReservationAndRethrows()
    {
        var limits = QuotaTestLimits.Policy(rpm: 10, tpm: 10_000);
        var http = Request(limits);
        var next = new NextStep(new Func<HttpContext, Task>(_ => throw new HttpRequestException("backend gone")));

        await Assert.ThrowsAsync<HttpRequestException>(() => Middleware(next).InvokeAsync(http));

        var standing = await Probe(TeamOf(http).Id, limits);
        Assert.Equal(10 - 1, standing.RemainingRequests);
        Assert.Equal(10_000, standing.RemainingTokens);
    }

    [Fact]
    public async Task InvokeAsync_ClientGoneAfterTheAnswer_StillSettlesWhatItUsed()
    {
        var limits = QuotaTestLimits.Policy(tpm: 10_000);
        var http = Request(limits);
        using var aborted = new CancellationTokenSource();
        http.RequestAborted = aborted.Token;
        var next = new NextStep(async h =>
        {
            h.Gateway().Answered(usage: new TokenUsage(30, 20, 50));
            await aborted.CancelAsync();
        });

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(10_000 - 50, (await Probe(TeamOf(http).Id, limits)).RemainingTokens);
    }

    [Fact]
    public async Task InvokeAsync_QuotaStoreUnavailable_Answers503AndCallsNoBackend()
    {
        var store = new SwitchableQuotaStore(_clock) { Available = false };
        var http = Request(QuotaTestLimits.Policy(rpm: 10));
        var next = new NextStep();

        await Middleware(next, store).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("quota_store_unavailable", http.Response.ErrorCode());
        Assert.Equal("1", http.Response.Headers.RetryAfter);
        Assert.Equal("true", http.Response.Headers["x-should-retry"]);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task InvokeAsync_StoreFailsWhileSettling_KeepsTheAnswerAndLogsAWarning()
    {
        var store = new SwitchableQuotaStore(_clock);
        var http = Request(QuotaTestLimits.Policy(rpm: 10));
        var next = new NextStep(h =>
        {
            h.Gateway().Answered(usage: new TokenUsage(30, 20, 50));
            store.Available = false;
        });

        await Middleware(next, store).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Equal(1, store.Settles);
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning);
    }

    private QuotaAdmissionMiddleware Middleware(NextStep next, IQuotaStore? store = null) =>
        new(next.InvokeAsync, store ?? _store, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()), _throttles, _clock, _logger);

    private DefaultHttpContext Request(QuotaLimits? limits)
    {
        var team = GatewayRequests.Team(limits: limits);
        return GatewayRequests.Http(GatewayRequests.Resolved(_alias, team, GatewayRequests.Key(team), Body));
    }

    private static TeamEntry TeamOf(HttpContext http) => http.Gateway().Caller.Team;

    /// <summary>The counters' standing as a zero-token request would find it (taking one request of the minute).</summary>
    private async Task<QuotaDecision> Probe(Guid team, QuotaLimits limits) =>
        await _store.ReserveAsync([new QuotaCounter(team, limits)], 0, TestContext.Current.CancellationToken);
}
