using System.Diagnostics;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// Records one finished request on the model path, once: <c>aigw.requests</c> for every request, a quota refusal on
/// <c>aigw.quota.refusals</c>, and for a request a backend was tried for its duration, tokens, time to first token
/// and time per output token on the GenAI histograms. Tags are gathered in a <see cref="TagList"/> on the stack and
/// every value is a string the configuration or <see cref="MetricValues"/> already holds, so recording allocates
/// nothing; it reads only the request's context, never the database.
/// </summary>
/// <remarks>
/// The API key's prefix is left off on purpose: keys are issued and rotated for as long as the process runs, and
/// every prefix would stay a series of its own until restart. Per-key figures are in the usage records.
/// </remarks>
public sealed class RequestMetricsRecorder(GatewayMetrics metrics, TimeProvider clock)
{
    /// <summary>Whether any listener (an exporter, a test) hears one of the instruments this recorder writes.</summary>
    public bool Enabled =>
        metrics.Requests.Enabled || metrics.RequestDuration.Enabled || metrics.TokenUsage.Enabled || metrics.QuotaRefusals.Enabled
        || metrics.TimeToFirstToken.Enabled || metrics.TimePerOutputToken.Enabled || metrics.CachedTokens.Enabled || metrics.ReasoningTokens.Enabled;

    /// <param name="status">The status the request is counted under: what the client got, or 502 for a stream cut after it started.</param>
    /// <param name="aborted">The client went away before the request ended.</param>
    public void Record(GatewayRequestContext gateway, int status, bool aborted)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var duration = clock.GetElapsedTime(gateway.StartTimestamp).TotalSeconds;
        var outcome = RequestOutcomes.Of(gateway, status, aborted);
        string? team = gateway.IsAuthenticated ? gateway.Caller.Team.Name : null;
        string? alias = gateway.HasAlias ? gateway.Alias.Name : null;

        if (gateway.Outcome is { } attemptOutcome && gateway.Attempt is { } attempt && alias is not null)
        {
            RecordServed(gateway, attemptOutcome, attempt, outcome, status, team, alias, duration);
        }

        if (gateway.Quota is { DeniedBy: { } limit })
        {
            var refusal = default(TagList);
            AddIfKnown(ref refusal, MetricAttributes.Team, team);
            refusal.Add(MetricAttributes.QuotaLimit, MetricValues.QuotaLimit(limit));
            metrics.QuotaRefusals.Add(1, refusal);
        }

        // Last, so whoever sees the request counted also sees every other figure of it.
        var tags = default(TagList);
        AddIfKnown(ref tags, MetricAttributes.Team, team);
        AddIfKnown(ref tags, MetricAttributes.Alias, alias);
        tags.Add(MetricAttributes.StatusClass, MetricValues.StatusClass(status));
        tags.Add(MetricAttributes.Outcome, MetricValues.Outcome(outcome));
        metrics.Requests.Add(1, tags);
    }

    /// <summary>The GenAI histograms, for a request a backend was tried for (the same requests that leave a usage record).</summary>
    private void RecordServed(
        GatewayRequestContext gateway, AttemptOutcome outcome, GatewayAttempt attempt, RequestOutcome result, int status, string? team, string alias, double duration)
    {
        var target = outcome.Target;
        var tags = default(TagList);
        tags.Add(MetricAttributes.OperationName, MetricValues.OperationName(gateway.Operation));
        tags.Add(MetricAttributes.RequestModel, alias);
        tags.Add(MetricAttributes.ResponseModel, target.Model);
        tags.Add(MetricAttributes.ProviderName, MetricValues.ProviderName(target.Backend.Kind));
        AddIfKnown(ref tags, MetricAttributes.Team, team);
        tags.Add(MetricAttributes.Deployment, target.DeploymentName);
        if (ErrorType(outcome, result, status) is { } error)
        {
            tags.Add(MetricAttributes.ErrorType, error);
        }

        metrics.RequestDuration.Record(duration, tags);

        // Tokens are counted for answers that reached the client; a backend's refusal (a content filter's 400) uses none.
        if (!outcome.Delivered || outcome.Result == AttemptResult.ClientError || RequestUsage.Of(gateway) is not { } usage)
        {
            return;
        }

        var input = tags;
        input.Add(MetricAttributes.TokenType, MetricValues.Input);
        metrics.TokenUsage.Record(usage.PromptTokens, input);
        if (gateway.Operation != GatewayOperation.Embeddings)
        {
            var output = tags;
            output.Add(MetricAttributes.TokenType, MetricValues.Output);
            metrics.TokenUsage.Record(usage.CompletionTokens, output);
        }

        RecordTokenDetails(attempt, team, alias, target.DeploymentName);

        if (outcome.Result != AttemptResult.Succeeded || !gateway.Request.Inspected.Stream || attempt.Observer.FirstByteTimestamp is not { } first)
        {
            return;
        }

        var firstToken = clock.GetElapsedTime(gateway.StartTimestamp, first).TotalSeconds;
        metrics.TimeToFirstToken.Record(firstToken, tags);
        if (usage.CompletionTokens > 1)
        {
            metrics.TimePerOutputToken.Record(Math.Max(0, duration - firstToken) / (usage.CompletionTokens - 1), tags);
        }
    }

    /// <summary>What the backend itself reported of cached input and reasoning output; nothing when it did not say.</summary>
    private void RecordTokenDetails(GatewayAttempt attempt, string? team, string alias, string deployment)
    {
        if (attempt.Observer.Usage is not { } reported || (reported.CachedTokens <= 0 && reported.ReasoningTokens <= 0))
        {
            return;
        }

        var tags = default(TagList);
        AddIfKnown(ref tags, MetricAttributes.Team, team);
        tags.Add(MetricAttributes.Alias, alias);
        tags.Add(MetricAttributes.Deployment, deployment);
        if (reported.CachedTokens > 0)
        {
            metrics.CachedTokens.Add(reported.CachedTokens, tags);
        }

        if (reported.ReasoningTokens > 0)
        {
            metrics.ReasoningTokens.Add(reported.ReasoningTokens, tags);
        }
    }

    /// <summary><c>error.type</c>: null for a success; the status otherwise, or what went wrong when the status cannot say it.</summary>
    private static string? ErrorType(AttemptOutcome outcome, RequestOutcome result, int status) => result switch
    {
        RequestOutcome.Served => null,
        RequestOutcome.Cancelled => MetricValues.Cancelled,
        _ when outcome.Result == AttemptResult.Cut => MetricValues.StreamInterrupted,
        _ => MetricValues.ErrorType(status),
    };

    private static void AddIfKnown(ref TagList tags, string key, string? value)
    {
        if (value is not null)
        {
            tags.Add(key, value);
        }
    }
}
