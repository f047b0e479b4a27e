using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The low-cardinality names spans and the access log use for the gateway's own values, as constant strings so that
/// naming one allocates nothing.
/// </summary>
public static class TelemetryNames
{
    /// <summary>
    /// <c>gen_ai.operation.name</c>. The Responses API answers a conversation's input as chat completions do, and
    /// OpenTelemetry's GenAI conventions name both <c>chat</c> (as Microsoft.Extensions.AI's chat clients do).
    /// </summary>
    public static string Operation(GatewayOperation operation) => operation switch
    {
        GatewayOperation.ChatCompletions or GatewayOperation.Responses => "chat",
        GatewayOperation.Completions => "text_completion",
        GatewayOperation.Embeddings => "embeddings",
        _ => "unknown",
    };

    /// <summary>
    /// <c>gen_ai.provider.name</c>. An OpenAI-compatible server (vLLM, Ollama...) is called as OpenAI is, and the
    /// conventions name the provider by the API the caller speaks when the product behind it is not known.
    /// </summary>
    public static string Provider(BackendKind kind) => kind switch
    {
        BackendKind.AzureOpenAI => "azure.ai.openai",
        _ => "openai",
    };

    /// <summary>An attempt's result in snake case: <c>succeeded</c>, <c>throttled</c>, <c>backend_failed</c>...</summary>
    public static string Result(AttemptResult result) => result switch
    {
        AttemptResult.Succeeded => "succeeded",
        AttemptResult.ClientError => "client_error",
        AttemptResult.Throttled => "throttled",
        AttemptResult.BackendFailed => "backend_failed",
        AttemptResult.Unreachable => "unreachable",
        AttemptResult.TimedOut => "timed_out",
        AttemptResult.Cut => "cut",
        _ => "unknown",
    };

    /// <summary>The outcome of a request no backend was tried for (refused by a step, or nothing eligible).</summary>
    public const string NotForwarded = "not_forwarded";
}
