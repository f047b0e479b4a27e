using System.Diagnostics.Metrics;
using AiGateway.Gateway.Metering;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The request path's instruments, made once on the gateway's meter (<see cref="UsageRecorder.MeterName"/>, which
/// also carries the usage buffer's own counters). The recorders and observers beside this class decide what to
/// record; this class only names, describes and buckets it. Histograms follow OpenTelemetry's GenAI semantic
/// conventions (names, units and the explicit bucket boundaries they advise); the rest is the gateway's own, under
/// <c>aigw.</c>.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = UsageRecorder.MeterName;

    public const string TokenUsageName = "gen_ai.client.token.usage";
    public const string RequestDurationName = "gen_ai.server.request.duration";
    public const string TimeToFirstTokenName = "gen_ai.server.time_to_first_token";
    public const string TimePerOutputTokenName = "gen_ai.server.time_per_output_token";
    public const string RequestsName = "aigw.requests";
    public const string QuotaRefusalsName = "aigw.quota.refusals";
    public const string BackendAttemptsName = "aigw.backend.attempts";
    public const string FailoversName = "aigw.failovers";
    public const string RolloutRequestsName = "aigw.rollout.requests";
    public const string CachedTokensName = "aigw.tokens.cached";
    public const string ReasoningTokensName = "aigw.tokens.reasoning";
    public const string CircuitOpenName = "aigw.backend.circuit_open";
    public const string DeploymentRestingName = "aigw.deployment.resting";

    /// <summary>The conventions' boundaries for <c>gen_ai.client.token.usage</c>: powers of 4 from 1 to 4^13.</summary>
    public static readonly IReadOnlyList<long> TokenUsageBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The conventions' boundaries for <c>gen_ai.server.request.duration</c>, in seconds: doubling from 10 ms.</summary>
    public static readonly IReadOnlyList<double> RequestDurationBuckets =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>The conventions' boundaries for <c>gen_ai.server.time_to_first_token</c>, in seconds.</summary>
    public static readonly IReadOnlyList<double> TimeToFirstTokenBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <summary>The conventions' boundaries for <c>gen_ai.server.time_per_output_token</c>, in seconds.</summary>
    public static readonly IReadOnlyList<double> TimePerOutputTokenBuckets =
        [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    public GatewayMetrics(IMeterFactory meterFactory, BackendHealthReadings health)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(health);
        var meter = meterFactory.Create(MeterName);

        TokenUsage = meter.CreateHistogram<long>(
            TokenUsageName, "{token}", "Tokens used per request that a backend answered, by gen_ai.token.type (input or output).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenUsageBuckets });
        RequestDuration = meter.CreateHistogram<double>(
            RequestDurationName, "s", "Time from the request's arrival to the end of its answer, for requests a backend was tried for.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestDurationBuckets });
        TimeToFirstToken = meter.CreateHistogram<double>(
            TimeToFirstTokenName, "s", "Time from a streamed request's arrival to the first bytes of its answer reaching the client.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        TimePerOutputToken = meter.CreateHistogram<double>(
            TimePerOutputTokenName, "s", "Time per output token after the first, of streamed answers with more than one output token.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimePerOutputTokenBuckets });

        Requests = meter.CreateCounter<long>(RequestsName, "{request}", "Requests on the model path, by team, alias, status class and outcome.");
        QuotaRefusals = meter.CreateCounter<long>(QuotaRefusalsName, "{request}", "Requests a quota refused, by team and the limit that refused them.");
        BackendAttempts = meter.CreateCounter<long>(BackendAttemptsName, "{attempt}", "Tries of a deployment (shadow copies included), by backend, deployment and result.");
        Failovers = meter.CreateCounter<long>(FailoversName, "{attempt}", "Attempts after which the request was tried on another deployment, by alias and the result that made it move.");
        RolloutRequests = meter.CreateCounter<long>(RolloutRequestsName, "{attempt}", "Attempts on an alias with a rollout in progress (shadow copies included), by side and status class.");
        CachedTokens = meter.CreateCounter<long>(CachedTokensName, "{token}", "Input tokens the backend reported as served from its prompt cache.");
        ReasoningTokens = meter.CreateCounter<long>(ReasoningTokensName, "{token}", "Output tokens the backend reported as spent on reasoning.");

        meter.CreateObservableGauge<int>(CircuitOpenName, health.CircuitOpen, "{backend}", "1 while the backend's circuit is open (or half-open with its probe out), else 0.");
        meter.CreateObservableGauge<int>(DeploymentRestingName, health.Resting, "{deployment}", "1 while the deployment rests after a 429, else 0.");
    }

    public Histogram<long> TokenUsage { get; }
    public Histogram<double> RequestDuration { get; }
    public Histogram<double> TimeToFirstToken { get; }
    public Histogram<double> TimePerOutputToken { get; }
    public Counter<long> Requests { get; }
    public Counter<long> QuotaRefusals { get; }
    public Counter<long> BackendAttempts { get; }
    public Counter<long> Failovers { get; }
    public Counter<long> RolloutRequests { get; }
    public Counter<long> CachedTokens { get; }
    public Counter<long> ReasoningTokens { get; }
}
