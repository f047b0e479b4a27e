using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The words metric attributes take, as shared constant strings, so recording a measurement never formats or
/// allocates one.
/// </summary>
public static class MetricValues
{
    public const string Input = "input";
    public const string Output = "output";

    public const string AzureOpenAI = "azure.ai.openai";
    public const string OpenAI = "openai";

    public const string Blue = "blue";
    public const string Green = "green";

    /// <summary>
    /// <c>error.type</c> of a stream the backend cut after bytes reached the client (the client saw 200, then a
    /// broken answer), and of a request whose client went away before its answer was whole.
    /// </summary>
    public const string StreamInterrupted = "stream_interrupted";
    public const string Cancelled = "cancelled";

    /// <summary>The semantic conventions' value for an error with no better name.</summary>
    public const string OtherError = "_OTHER";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    /// <summary>
    /// <c>gen_ai.operation.name</c>: the conventions' <c>chat</c>, <c>text_completion</c> and <c>embeddings</c>. The
    /// Responses API has no name of its own there; it is a chat turn (messages in, a generated message out, the
    /// successor of chat completions), so it counts as <c>chat</c>.
    /// </summary>
    public static string OperationName(GatewayOperation operation) => operation switch
    {
        GatewayOperation.Completions => "text_completion",
        GatewayOperation.Embeddings => "embeddings",
        _ => "chat",
    };

    /// <summary><c>gen_ai.provider.name</c>: Azure OpenAI backends, and OpenAI's own or any OpenAI-compatible server.</summary>
    public static string ProviderName(BackendKind kind) => kind == BackendKind.AzureOpenAI ? AzureOpenAI : OpenAI;

    /// <summary><c>aigw.status_class</c>: <c>2xx</c>, <c>4xx</c>, <c>5xx</c> (and <c>1xx</c>, <c>3xx</c>).</summary>
    public static string StatusClass(int status) => status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "5xx";

    /// <summary><c>aigw.attempt.result</c> and <c>aigw.failover.reason</c>: the attempt's result in snake_case.</summary>
    public static string Result(AttemptResult result) => result switch
    {
        AttemptResult.Succeeded => "succeeded",
        AttemptResult.ClientError => "client_error",
        AttemptResult.Throttled => "throttled",
        AttemptResult.BackendFailed => "backend_failed",
        AttemptResult.Unreachable => "unreachable",
        AttemptResult.TimedOut => "timed_out",
        AttemptResult.Cut => "cut",
        AttemptResult.Abandoned => "abandoned",
        _ => OtherError,
    };

    /// <summary><c>aigw.priority</c>: a request's priority class, in lower case as the <c>x-gateway-priority</c> header names it.</summary>
    public static string Priority(PriorityClass priority) => priority switch
    {
        PriorityClass.High => "high",
        PriorityClass.Normal => "normal",
        _ => "low",
    };

    /// <summary><c>aigw.quota.limit</c>: the limit that refused the request, in snake_case (as the refusal's code names it).</summary>
    public static string QuotaLimit(QuotaLimitKind kind) => kind switch
    {
        QuotaLimitKind.RequestsPerMinute => "requests_per_minute",
        QuotaLimitKind.TokensPerMinute => "tokens_per_minute",
        QuotaLimitKind.DailyTokenBudget => "daily_token_budget",
        QuotaLimitKind.MonthlyTokenBudget => "monthly_token_budget",
        QuotaLimitKind.RequestTooLarge => "request_too_large",
        QuotaLimitKind.DailyCostBudget => "daily_cost_budget",
        QuotaLimitKind.MonthlyCostBudget => "monthly_cost_budget",
        QuotaLimitKind.RequestsInFlight => "requests_in_flight",
        _ => OtherError,
    };

    /// <summary><c>aigw.outcome</c> in snake_case.</summary>
    public static string Outcome(RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Served => "served",
        RequestOutcome.ClientError => "client_error",
        RequestOutcome.Unauthenticated => "unauthenticated",
        RequestOutcome.RefusedQuota => "refused_quota",
        RequestOutcome.Throttled => "throttled",
        RequestOutcome.Failed => "failed",
        RequestOutcome.Cancelled => "cancelled",
        _ => OtherError,
    };

    /// <summary>
    /// <c>error.type</c> for an answer that was not a success: its status code, as the HTTP conventions name errors.
    /// The statuses the gateway and its backends give are written out, so no string is made per request.
    /// </summary>
    public static string ErrorType(int status) => status switch
    {
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        408 => "408",
        413 => "413",
        422 => "422",
        429 => "429",
        500 => "500",
        502 => "502",
        503 => "503",
        504 => "504",
        _ => OtherError,
    };
}
