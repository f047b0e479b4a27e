using System.Globalization;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Admits a request against every quota that applies to it: reserves one request, its estimated tokens and, when a
/// cost budget applies, its estimated cost before it is forwarded, and once the answer has been delivered replaces
/// the estimates with the real figures (or gives it all back when no backend answered). Refusals say which limit, and
/// when it frees up: 429 for the per-minute limits, 403 for an exhausted daily or monthly budget, of tokens or of
/// currency (see <see cref="BudgetExhausted"/>).
/// </summary>
public sealed partial class QuotaAdmissionMiddleware(
    RequestDelegate next,
    IQuotaStore store,
    IOptionsMonitor<GatewayOptions> options,
    ThrottleLog throttles,
    TimeProvider clock,
    ILogger<QuotaAdmissionMiddleware> logger)
{
    // One per pipeline (the middleware is built once), so the outage is counted across all requests.
    private readonly QuotaStoreOutageLog _outage = new(clock, logger);

    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var counters = gateway.QuotaCounters;
        if (counters.Count == 0)
        {
            await next(context);
            return;
        }

        var estimate = gateway.EstimatedTokens(options.CurrentValue.DefaultOutputTokensEstimate);

        // Cost is worked out only where a cost budget applies; everywhere else a request is its tokens, as before.
        var costed = QuotaRules.AnyCostBudget(counters);
        var amount = costed ? new QuotaAmount(estimate, QuotaCost.EstimateMicros(gateway.Alias, estimate, gateway.StartedAt)) : estimate;
        QuotaDecision decision;
        try
        {
            decision = await store.ReserveAsync(counters, amount, context.RequestAborted);
            _outage.Answered();
        }
        catch (QuotaStoreUnavailableException e)
        {
            _outage.Refused(gateway.RequestId, e);
            await GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status503ServiceUnavailable,
                "The gateway cannot check quotas right now; try again shortly.",
                "server_error",
                "quota_store_unavailable")
            {
                RetryAfter = TimeSpan.FromSeconds(1),
                ShouldRetry = true,
            });
            return;
        }

        gateway.Admitted(decision);
        if (decision.Reservation is not { } reservation)
        {
            Log.Refused(logger, gateway.RequestId, decision.DeniedBy!.Value, decision.DeniedPolicyId, estimate);
            throttles.RecordQuotaRefusal(gateway, decision);
            await GatewayErrorWriter.WriteAsync(context, Refusal(decision, counters, amount));
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            await SettleAsync(gateway, reservation, costed);
        }
    }

    private async Task SettleAsync(GatewayRequestContext gateway, QuotaReservation reservation, bool costed)
    {
        try
        {
            // The client may have gone, but what it consumed still counts: never cancel the settlement with it.
            if (RequestUsage.Of(gateway) is { } usage)
            {
                var actual = costed && gateway.Outcome is { } outcome && gateway.Attempt is { } attempt
                    ? new QuotaAmount(usage.TotalTokens, QuotaCost.ToMicros(RequestCost.Of(gateway, outcome, attempt, usage)))
                    : usage.TotalTokens;
                await store.SettleAsync(reservation, actual, CancellationToken.None);
            }
            else
            {
                await store.ReleaseAsync(reservation, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The answer has gone to the client; a failed correction leaves the estimate in place, which errs on
            // the caller's side only until the window rolls over.
            Log.SettleFailed(logger, gateway.RequestId, e);
        }
    }

    private GatewayError Refusal(QuotaDecision decision, IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate) => decision.DeniedBy switch
    {
        QuotaLimitKind.RequestsPerMinute => RateLimited("requests per minute", decision),
        QuotaLimitKind.TokensPerMinute => RateLimited("tokens per minute", decision),
        QuotaLimitKind.DailyTokenBudget => BudgetExhausted("daily", "daily_token_budget_exceeded", decision, estimate.Tokens),
        QuotaLimitKind.MonthlyTokenBudget => BudgetExhausted("monthly", "monthly_token_budget_exceeded", decision, estimate.Tokens),
        QuotaLimitKind.DailyCostBudget => CostBudgetExhausted(daily: true, decision, counters, estimate.CostMicros),
        QuotaLimitKind.MonthlyCostBudget => CostBudgetExhausted(daily: false, decision, counters, estimate.CostMicros),
        _ => new GatewayError(
            StatusCodes.Status429TooManyRequests,
            $"This request may use up to {estimate.Tokens} tokens, more than your quota allows in one go. Lower max_tokens (or n), or shorten the prompt.",
            "rate_limit_error",
            "request_exceeds_quota"),
    };

    private static GatewayError RateLimited(string limit, QuotaDecision decision) => new(
        StatusCodes.Status429TooManyRequests,
        $"Your quota of {limit} is used up for now. Retry after {Math.Ceiling((decision.RetryAfter ?? TimeSpan.Zero).TotalSeconds)} s.",
        "rate_limit_error",
        "rate_limit_exceeded")
    {
        RetryAfter = decision.RetryAfter,
        ShouldRetry = true,
    };

    /// <summary>
    /// An exhausted budget is 403 with no retry-after, as Azure API Management answers a spent quota, because every
    /// official SDK then gives up at once. A 429 cannot say that to all of them: the OpenAI .NET SDK
    /// (System.ClientModel's retry policy) and Azure.AI.OpenAI retry any 429, waiting out its retry-after, so a
    /// retry-after of hours, until the day or month turns, held a .NET caller asleep for hours; without one they still
    /// send three more requests over about six seconds, each refused again. Neither reads <c>x-should-retry</c>; the
    /// <c>openai</c> npm package does, and none of the three retries a 403. When the budget renews is in the message.
    /// </summary>
    private GatewayError BudgetExhausted(string period, string code, QuotaDecision decision, long estimate) => Exhausted(
        code,
        string.Create(
            CultureInfo.InvariantCulture,
            $"Your {period} token budget is used up: it has fewer tokens left than this request may use (up to {estimate}). It renews at {RenewsAt(decision):yyyy-MM-dd HH:mm} UTC; ask the gateway's admins to raise it, or lower max_tokens."));

    /// <summary>A spent budget in currency: refused as a spent token budget is (403, no retry), naming the sums.</summary>
    private GatewayError CostBudgetExhausted(bool daily, QuotaDecision decision, IReadOnlyList<QuotaCounter> counters, long estimateMicros)
    {
        long? budget = null;
        foreach (var counter in counters)
        {
            if (counter.Limits.PolicyId == decision.DeniedPolicyId)
            {
                budget = daily ? counter.Limits.DailyCostBudgetMicros : counter.Limits.MonthlyCostBudgetMicros;
                break;
            }
        }

        var period = daily ? "daily" : "monthly";
        return Exhausted(
            daily ? "daily_cost_budget_exceeded" : "monthly_cost_budget_exceeded",
            string.Create(
                CultureInfo.InvariantCulture,
                $"Your {period} cost budget of {Money(budget ?? 0)} is used up: {Money(decision.RemainingCostMicros ?? 0)} is left, less than this request may cost (up to {Money(estimateMicros)}). It renews at {RenewsAt(decision):yyyy-MM-dd HH:mm} UTC; ask the gateway's admins to raise it, or lower max_tokens."));

        static string Money(long micros) => QuotaCost.ToCurrency(micros).ToString("0.00####", CultureInfo.InvariantCulture);
    }

    private DateTimeOffset RenewsAt(QuotaDecision decision) => clock.GetUtcNow() + (decision.RetryAfter ?? TimeSpan.Zero);

    private static GatewayError Exhausted(string code, string message) => new(StatusCodes.Status403Forbidden, message, "insufficient_quota", code)
    {
        ShouldRetry = false,
    };

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "Request {RequestId}: refused by quota ({Limit}, policy {PolicyId}); estimate {Estimate} tokens")]
        public static partial void Refused(ILogger logger, string requestId, QuotaLimitKind limit, Guid? policyId, long estimate);

        // 301, 303 and 304 are the quota store's outage lines (QuotaStoreOutageLog), logged in this category.

        [LoggerMessage(302, LogLevel.Warning, "Request {RequestId}: settling the quota reservation failed")]
        public static partial void SettleFailed(ILogger logger, string requestId, Exception exception);
    }
}
