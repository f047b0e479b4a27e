using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>Thread message objects (Assistants API v2).</summary>
internal static class ThreadMessages
{
    /// <summary>
    /// A message from a request's <c>role</c> and <c>content</c> (a string or an array of parts); null when they
    /// are not valid.
    /// </summary>
    public static JsonObject? FromRequest(StatefulStore store, string threadId, JsonObject request)
    {
        var role = request["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null;
        if (role is not ("user" or "assistant"))
        {
            return null;
        }

        JsonArray content;
        switch (request["content"])
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                content = [TextPart(v.GetValue<string>())];
                break;
            case JsonArray parts when parts.Count > 0 && parts.All(p => p is JsonObject):
                content = [.. parts.Select(p => IsString(p!["type"], out var type) && type == "text" && IsString(p["text"], out var text)
                    ? TextPart(text)
                    : p!.DeepClone())];
                break;
            default:
                return null;
        }

        var message = Create(store, threadId, role, content, null, null);
        if (request["metadata"] is JsonObject metadata)
        {
            message["metadata"] = metadata.DeepClone();
        }

        return message;
    }

    public static JsonObject Create(StatefulStore store, string threadId, string role, JsonArray content, string? assistantId, string? runId)
    {
        var now = store.Now.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["id"] = store.NewId("msg_", 24),
            ["object"] = "thread.message",
            ["created_at"] = now,
            ["assistant_id"] = assistantId,
            ["thread_id"] = threadId,
            ["run_id"] = runId,
            ["role"] = role,
            ["content"] = content,
            ["attachments"] = new JsonArray(),
            ["metadata"] = new JsonObject(),
            ["status"] = "completed",
            ["incomplete_details"] = null,
            ["completed_at"] = now,
            ["incomplete_at"] = null,
        };
    }

    public static JsonObject TextPart(string text) => new()
    {
        ["type"] = "text",
        ["text"] = new JsonObject { ["value"] = text, ["annotations"] = new JsonArray() },
    };

    /// <summary>The text the model reads in a message: its text parts' values.</summary>
    public static IEnumerable<string> Texts(JsonObject message)
    {
        foreach (var part in message["content"]!.AsArray())
        {
            if (part?["text"] is JsonObject text && IsString(text["value"], out var value))
            {
                yield return value;
            }
        }
    }

    private static bool IsString(JsonNode? node, out string value)
    {
        var isString = node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
        value = isString ? node!.GetValue<string>() : "";
        return isString;
    }
}
