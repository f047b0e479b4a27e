using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>The response object and its parts, in the services' field order.</summary>
internal static class ResponseJson
{
    /// <summary>
    /// The response object. <paramref name="text"/> null: not done yet (<paramref name="status"/> queued or
    /// in_progress, no output, no usage); otherwise completed, or incomplete when the maximum was hit.
    /// </summary>
    public static JsonObject Build(ResponseDraft d, string? text, string status = "in_progress")
    {
        var done = text is not null;
        var incomplete = done && d.Length.LimitedByMaximum;
        var response = new JsonObject
        {
            ["id"] = d.Id,
            ["object"] = "response",
            ["created_at"] = d.Created,
            ["status"] = !done ? status : incomplete ? "incomplete" : "completed",
            ["background"] = d.Background,
            ["error"] = null,
            ["incomplete_details"] = incomplete ? new JsonObject { ["reason"] = "max_output_tokens" } : null,
            ["instructions"] = d.Instructions,
            ["max_output_tokens"] = d.MaxOutputTokens,
            ["model"] = d.Model,
            ["output"] = done ? new JsonArray(Message(d, text)) : new JsonArray(),
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = d.PreviousResponseId,
        };

        if (d.ConversationId is not null)
        {
            response["conversation"] = new JsonObject { ["id"] = d.ConversationId };
        }

        response["reasoning"] = new JsonObject { ["effort"] = null, ["summary"] = null };
        response["service_tier"] = "default";
        response["store"] = d.Store;
        response["temperature"] = 1.0;
        response["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "text" } };
        response["tool_choice"] = "auto";
        response["tools"] = new JsonArray();
        response["top_p"] = 1.0;
        response["truncation"] = "disabled";
        response["usage"] = done ? Usage(d) : null;
        response["user"] = null;
        response["metadata"] = d.Metadata?.DeepClone() ?? new JsonObject();
        return response;
    }

    /// <summary>The assistant message item; <paramref name="text"/> null while it is still being written.</summary>
    public static JsonObject Message(ResponseDraft d, string? text) => new()
    {
        ["id"] = d.MessageId,
        ["type"] = "message",
        ["status"] = text is null ? "in_progress" : d.Length.LimitedByMaximum ? "incomplete" : "completed",
        ["content"] = text is null ? new JsonArray() : new JsonArray(TextPart(text)),
        ["role"] = "assistant",
    };

    public static JsonObject TextPart(string text) => new()
    {
        ["type"] = "output_text",
        ["annotations"] = new JsonArray(),
        ["logprobs"] = new JsonArray(),
        ["text"] = text,
    };

    private static JsonObject Usage(ResponseDraft d) => new()
    {
        ["input_tokens"] = d.InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = d.Length.Tokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = d.InputTokens + d.Length.Tokens,
    };
}
