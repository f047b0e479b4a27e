using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Records one usage record for every request that reached a backend, once its answer has been delivered: who
/// called, which alias, deployment and backend served it, its tokens and cost, status, latency and, for streams,
/// time to first token. The record is handed to the usage sink, which writes it off the request path.
/// </summary>
public sealed class UsageMeteringMiddleware(RequestDelegate next, IUsageSink sink, LiveTraffic live, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            Record(context);
        }
    }

    private void Record(HttpContext context)
    {
        var gateway = context.Gateway();
        var latencyMs = clock.GetElapsedTime(gateway.StartTimestamp).WholeMilliseconds();
        if (gateway.Outcome is not { } outcome || gateway.Attempt is not { } attempt)
        {
            // No backend was tried (a quota refused it, or none could be chosen): nothing was served, nothing to
            // bill, but the live dashboard counts it as a refusal or an error.
            live.Record(gateway, context.Response.StatusCode, 0, latencyMs);
            return;
        }

        // Unserved, the record keeps the failure as every figure counts it (a backend's 401 or 404 is the gateway's
        // failure there, 502; a backend that never answered, 504 at its deadline or 502), so that a record was served
        // exactly when its status is neither 429 nor 5xx, and error rates and guards see every failed attempt.
        var status = outcome.Delivered ? context.Response.StatusCode : outcome.FigureStatus;
        var usage = RequestUsage.Of(gateway) ?? new RequestUsage(0, 0, Estimated: false);
        var observer = attempt.Observer;
        var target = outcome.Target;
        var caller = gateway.Caller;
        var stream = gateway.Request.Inspected.Stream;
        var serviceTier = RequestCost.ServiceTierOf(outcome, attempt);
        live.Record(gateway, status, usage.TotalTokens, latencyMs);
        sink.TryWrite(new UsageRecord
        {
            At = gateway.StartedAt,
            RequestId = gateway.RequestId,
            TeamId = caller.Team.Id,
            ApiKeyId = caller.Key?.Id,
            AliasName = gateway.Alias.Name,
            DeploymentId = target.DeploymentId,
            BackendId = target.Backend.Id,
            Operation = gateway.Operation.ToString(),
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            CachedPromptTokens = usage.CachedPromptTokens,
            ReasoningTokens = usage.ReasoningTokens,
            AudioPromptTokens = usage.AudioPromptTokens,
            AudioCompletionTokens = usage.AudioCompletionTokens,
            ServiceTier = serviceTier,
            StatusCode = status,
            LatencyMs = latencyMs,
            TimeToFirstTokenMs = stream && observer.FirstByteTimestamp is { } first
                ? clock.GetElapsedTime(gateway.StartTimestamp, first).WholeMilliseconds()
                : null,
            Streamed = stream,
            Estimated = usage.Estimated || outcome.Result == AttemptResult.Cut,
            Cost = RequestCost.Of(gateway, outcome, attempt, usage),
        });
    }
}
