using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Telemetry;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// Admits a request against its alias's deployment capacity in its priority class before any quota is reserved:
/// High against all of it, Normal and Low against the share not kept for High. Without room, a class that may wait
/// waits in the alias's queue with its connection held; otherwise, or when the queue is full or the wait runs out,
/// the client gets 429 with when to retry. An admitted request counts on a deployment for the rest of the minute,
/// unless no backend served it.
/// </summary>
/// <remarks>
/// Capacity comes before quota so that a waiting request holds no quota: it reserves quota only once admitted, and a
/// shed request never touched it.
/// </remarks>
public sealed partial class CapacityAdmissionMiddleware(
    RequestDelegate next,
    CapacityTracker tracker,
    CapacityQueues queues,
    CapacityMetrics metrics,
    ThrottleLog throttles,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock,
    ILogger<CapacityAdmissionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var caller = gateway.Caller;
        if (!RequestPriority.TryResolve(caller.Team, caller.Key, context.Request.Headers[RequestPriority.HeaderName], out var priority))
        {
            await GatewayErrorWriter.WriteAsync(context, GatewayError.InvalidRequest(
                $"The {RequestPriority.HeaderName} header must be one of High, Normal or Low; it can only lower the priority your key or team has.",
                RequestPriority.HeaderName,
                "invalid_priority"));
            return;
        }

        var alias = gateway.Alias;
        var tokens = tracker.CountsTokens(alias) ? gateway.EstimatedTokens(options.CurrentValue.DefaultOutputTokensEstimate) : 0;
        var charge = tracker.TryAdmit(alias, priority, tokens);
        if (charge is null)
        {
            var wait = await queues.For(alias.Name).WaitAsync(alias, priority, tokens, context.RequestAborted);
            Record(alias, priority, wait);
            if (wait.Outcome == CapacityWaitOutcome.ClientLeft)
            {
                return;
            }

            if (wait.Charge is not { } admitted)
            {
                await RefuseAsync(context, gateway, alias, priority, wait.Outcome);
                return;
            }

            charge = admitted;
        }

        try
        {
            await next(context);
        }
        finally
        {
            // A request some backend answered keeps its charge, as the backend keeps counting it; one none answered
            // (every deployment throttled or failed, or the client left first) gives it back.
            tracker.Settle(charge, served: gateway.Outcome is { BackendStatus: not null and not 429 });
        }
    }

    private void Record(AliasEntry alias, PriorityClass priority, CapacityWait wait)
    {
        var aliasTag = new KeyValuePair<string, object?>(MetricAttributes.Alias, alias.Name);
        var classTag = new KeyValuePair<string, object?>(MetricAttributes.Priority, MetricValues.Priority(priority));
        if (wait.Outcome is CapacityWaitOutcome.Admitted or CapacityWaitOutcome.TimedOut or CapacityWaitOutcome.ClientLeft && wait.Waited > TimeSpan.Zero)
        {
            metrics.Wait.Record(wait.Waited.TotalSeconds, aliasTag, classTag, new KeyValuePair<string, object?>(MetricAttributes.Outcome, OutcomeName(wait.Outcome)));
        }

        if (wait.Outcome is CapacityWaitOutcome.NotQueued or CapacityWaitOutcome.QueueFull or CapacityWaitOutcome.TimedOut)
        {
            metrics.Shed.Add(1, aliasTag, classTag, new KeyValuePair<string, object?>(MetricAttributes.Reason, OutcomeName(wait.Outcome)));
        }
    }

    private async Task RefuseAsync(HttpContext context, GatewayRequestContext gateway, AliasEntry alias, PriorityClass priority, CapacityWaitOutcome outcome)
    {
        var retryAfter = CapacityMinute.UntilNext(clock.GetUtcNow());
        Log.Shed(logger, gateway.RequestId, alias.Name, priority, outcome);
        throttles.RecordCapacityShed(gateway, retryAfter);
        var (message, code) = outcome switch
        {
            CapacityWaitOutcome.QueueFull => ($"Alias '{alias.Name}' is at capacity and its queue is full; retry later.", "capacity_queue_full"),
            CapacityWaitOutcome.TimedOut => ($"Alias '{alias.Name}' had no capacity for {MetricValues.Priority(priority)} priority requests within the time they may wait; retry later.", "capacity_queue_timeout"),
            _ => ($"Alias '{alias.Name}' has no capacity left for {MetricValues.Priority(priority)} priority requests this minute; retry later.", "capacity_exceeded"),
        };
        await GatewayErrorWriter.WriteAsync(context, new GatewayError(StatusCodes.Status429TooManyRequests, message, "rate_limit_error", code)
        {
            RetryAfter = retryAfter,
            ShouldRetry = true,
        });
    }

    private static string OutcomeName(CapacityWaitOutcome outcome) => outcome switch
    {
        CapacityWaitOutcome.Admitted => "admitted",
        CapacityWaitOutcome.QueueFull => "queue_full",
        CapacityWaitOutcome.NotQueued => "not_queued",
        CapacityWaitOutcome.TimedOut => "timed_out",
        _ => "client_left",
    };

    private static partial class Log
    {
        [LoggerMessage(1400, LogLevel.Information, "Request {RequestId}: no capacity on alias {Alias} for priority {Priority} ({Outcome})")]
        public static partial void Shed(ILogger logger, string requestId, string alias, PriorityClass priority, CapacityWaitOutcome outcome);
    }
}
