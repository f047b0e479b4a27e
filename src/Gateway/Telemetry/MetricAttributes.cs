namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The attribute names the gateway's metrics carry: OpenTelemetry's GenAI semantic conventions where they name the
/// thing, the gateway's own under <c>aigw.</c> otherwise. Every value is bounded by configuration (teams, aliases,
/// deployments, backends) or by a closed set of words; nothing a client sends becomes a value as it is.
/// </summary>
public static class MetricAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ProviderName = "gen_ai.provider.name";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";

    public const string Team = "aigw.team";
    public const string Alias = "aigw.alias";
    public const string Deployment = "aigw.deployment";
    public const string Backend = "aigw.backend";
    public const string StatusClass = "aigw.status_class";
    public const string Outcome = "aigw.outcome";
    public const string QuotaLimit = "aigw.quota.limit";
    public const string AttemptResult = "aigw.attempt.result";
    public const string FailoverReason = "aigw.failover.reason";
    public const string RolloutSide = "aigw.rollout.side";
    public const string Priority = "aigw.priority";
    public const string Reason = "aigw.reason";
}
