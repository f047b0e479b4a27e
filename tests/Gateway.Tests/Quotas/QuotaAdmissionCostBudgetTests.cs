using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Pricing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// Budgets in currency on the request path: the estimate (tokens at the alias's dearest price) is refused when it
/// would pass the budget, with a non-retryable 403 that names the sums; an answered request settles to its real cost.
/// </summary>
public sealed class QuotaAdmissionCostBudgetTests
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello there"}],"max_tokens":100}""";

    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly InProcessQuotaStore _store;
    private readonly ThrottleLog _throttles;
    private readonly long _estimate;

    // The answering target (the first) bills 1 per 1K prompt and 2 per 1K completion tokens; the alias's dearest
    // target 5 per 1K, which is what the estimate is priced at.
    private readonly AliasEntry _alias = TestTargets.Alias(
        TestTargets.Target(TestTargets.Backend()) with { Pricing = Priced(1m, 2m) },
        TestTargets.Target(TestTargets.Backend("westus")) with { Pricing = Priced(3m, 5m) });

    private static DeploymentPricing Priced(decimal inputPer1K, decimal outputPer1K) =>
        DeploymentPricing.From([new DeploymentPrice { EffectiveFrom = GatewayRequests.Now.AddDays(-1), InputPer1K = inputPer1K, OutputPer1K = outputPer1K }]);

    public QuotaAdmissionCostBudgetTests()
    {
        _store = new InProcessQuotaStore(_clock);
        _throttles = new ThrottleLog(_clock);
        var body = GatewayRequests.Body(Body);
        _estimate = TokenEstimator.Estimate(body.Body.Span, body.Inspected, null, new GatewayOptions().DefaultOutputTokensEstimate);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The estimate's cost in micro-units: every token at 5 per 1K.</summary>
    private long EstimateMicros => _estimate * 5_000;

    [Fact]
    public async Task InvokeAsync_EstimateFitsTheCostBudgetExactly_Admits()
    {
        var http = Request(QuotaTestLimits.Policy(dailyCost: EstimateMicros));
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Equal(new QuotaAmount(_estimate, EstimateMicros), http.Gateway().Quota!.Reservation!.Reserved);
    }

    [Fact]
    public async Task InvokeAsync_EstimateWouldPassTheDailyCostBudget_Answers403NamingBudgetLeftEstimateAndRenewal()
    {
        var limits = QuotaTestLimits.Policy(dailyCost: 10_000_000);
        var http = Request(limits);
        await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], new QuotaAmount(0, 10_000_000 - EstimateMicros + 1), Ct);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("daily_cost_budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        var left = (EstimateMicros - 1) / 1_000_000m;
        var estimate = EstimateMicros / 1_000_000m;
        Assert.Equal(
            $"Your daily cost budget of 10.00 is used up: {left:0.00####} is left, less than this request may cost (up to {estimate:0.00####}). It renews at {GatewayRequests.Now.UtcDateTime.Date.AddDays(1):yyyy-MM-dd} 00:00 UTC; ask the gateway's admins to raise it, or lower max_tokens.",
            error.GetProperty("message").GetString());
        Assert.Equal("false", http.Response.Headers["x-should-retry"]);
        Assert.False(http.Response.Headers.ContainsKey("retry-after"));
        Assert.Equal(QuotaLimitKind.DailyCostBudget, Assert.Single(_throttles.Recent()).Limit);
    }

    [Fact]
    public async Task InvokeAsync_MonthlyCostBudgetSpent_Answers403MonthlyCostBudgetExceeded()
    {
        var http = Request(QuotaTestLimits.Policy(monthlyCost: EstimateMicros - 1));

        await Middleware(new NextStep()).InvokeAsync(http);

        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.Equal("monthly_cost_budget_exceeded", http.Response.ErrorCode());
        Assert.Equal("false", http.Response.Headers["x-should-retry"]);
    }

    [Fact]
    public async Task InvokeAsync_AnswerDelivered_SettlesTheCostBudgetToTheRealCost()
    {
        var limits = QuotaTestLimits.Policy(dailyCost: 1_000_000);
        var http = Request(limits);
        var next = new NextStep(h => h.Gateway().Answered(usage: new TokenUsage(30, 20, 50)));

        await Middleware(next).InvokeAsync(http);

        // 30 prompt tokens at 1 per 1K and 20 completion tokens at 2 per 1K: 0.07, what the usage record bills.
        var probe = await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], new QuotaAmount(0, 1_000_000), Ct);
        Assert.Equal(QuotaLimitKind.DailyCostBudget, probe.DeniedBy);
        Assert.Equal(1_000_000 - 70_000, probe.RemainingCostMicros);
    }

    [Fact]
    public async Task InvokeAsync_NoBackendAnswered_GivesTheEstimatedCostBack()
    {
        var limits = QuotaTestLimits.Policy(dailyCost: EstimateMicros);
        var http = Request(limits);
        var next = new NextStep(h => h.Gateway().Answered(AttemptResult.Unreachable, backendStatus: null));

        await Middleware(next).InvokeAsync(http);

        var again = await _store.ReserveAsync([new QuotaCounter(TeamOf(http).Id, limits)], new QuotaAmount(0, EstimateMicros), Ct);
        Assert.True(again.Admitted);
    }

    [Fact]
    public async Task InvokeAsync_NoCostBudgetApplies_ReservesTokensOnlyAtNoCost()
    {
        var http = Request(QuotaTestLimits.Policy(daily: 100_000));

        await Middleware(new NextStep()).InvokeAsync(http);

        Assert.Equal(new QuotaAmount(_estimate, 0), http.Gateway().Quota!.Reservation!.Reserved);
    }

    private QuotaAdmissionMiddleware Middleware(NextStep next) =>
        new(next.InvokeAsync, _store, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()), _throttles, _clock, new ListLogger<QuotaAdmissionMiddleware>());

    private DefaultHttpContext Request(QuotaLimits limits)
    {
        var team = GatewayRequests.Team(limits: limits);
        return GatewayRequests.Http(GatewayRequests.Resolved(_alias, team, GatewayRequests.Key(team), Body));
    }

    private static TeamEntry TeamOf(HttpContext http) => http.Gateway().Caller.Team;
}
