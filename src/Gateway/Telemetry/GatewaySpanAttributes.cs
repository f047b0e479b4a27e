namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The attribute names on the gateway's spans: OpenTelemetry's GenAI, HTTP and server conventions where one fits,
/// <c>aigw.*</c> for what only the gateway knows. None of them ever carries a prompt, a completion or a secret.
/// </summary>
public static class GatewaySpanAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ProviderName = "gen_ai.provider.name";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    public const string RequestId = "aigw.request_id";
    public const string Team = "aigw.team";
    public const string KeyPrefix = "aigw.key_prefix";
    public const string Attempts = "aigw.attempts";
    public const string UsageEstimated = "aigw.usage.estimated";
    public const string RolloutSide = "aigw.rollout.side";
    public const string Shadow = "aigw.shadow";

    public const string Backend = "aigw.backend";
    public const string Deployment = "aigw.deployment";
    public const string AttemptNumber = "aigw.attempt.number";
    public const string AttemptResult = "aigw.attempt.result";
    public const string RetryReason = "aigw.retry_reason";
}
