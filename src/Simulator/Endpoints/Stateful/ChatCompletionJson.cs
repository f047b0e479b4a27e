using System.Text.Json.Nodes;
using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>A non-streamed chat completion object, for answers made outside a request (batch output lines).</summary>
internal static class ChatCompletionJson
{
    public static JsonObject Build(string id, long created, DeploymentSettings settings, string text, int promptTokens, CompletionLength length) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = settings.ResponseModel,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null },
            ["logprobs"] = null,
            ["finish_reason"] = length.FinishReason,
        }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = length.Tokens,
            ["total_tokens"] = promptTokens + length.Tokens,
        },
        ["system_fingerprint"] = settings.SystemFingerprint,
    };
}
