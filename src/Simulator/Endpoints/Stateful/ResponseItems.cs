using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Input items as the services store them: a plain string becomes a user message, a message whose content is a
/// string gets a content part list, and every item gets an id, so input_items and conversation items can name them.
/// </summary>
internal static class ResponseItems
{
    /// <summary>The items of a Responses <c>input</c> (a string or an array).</summary>
    public static List<JsonObject> FromInput(JsonElement input, StatefulStore store)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return [Message(store.NewHexId("msg_"), "user", input.GetString()!)];
        }

        var items = new List<JsonObject>();
        foreach (var element in input.EnumerateArray())
        {
            items.Add(element.ValueKind == JsonValueKind.Object
                ? Normalize((JsonObject)JsonNode.Parse(element.GetRawText())!, store)
                : Message(store.NewHexId("msg_"), "user", element.ToString()));
        }

        return items;
    }

    /// <summary>The items of a JSON array given to the conversation calls; null when it is not an array of objects.</summary>
    public static List<JsonObject>? FromArray(JsonNode? node, StatefulStore store)
    {
        if (node is not JsonArray array || array.Any(i => i is not JsonObject))
        {
            return null;
        }

        return [.. array.Select(i => Normalize((JsonObject)i!.DeepClone(), store))];
    }

    public static JsonObject Message(string id, string role, string text) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["status"] = "completed",
        ["content"] = new JsonArray(TextPart(role, text)),
        ["role"] = role,
    };

    private static JsonObject Normalize(JsonObject item, StatefulStore store)
    {
        var type = (string?)(item["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t : null) ?? (item.ContainsKey("role") ? "message" : "item");
        if (type == "message")
        {
            var role = item["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "user";
            var content = item["content"];
            var parts = content is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? new JsonArray(TextPart(role, v.GetValue<string>()))
                : content?.DeepClone() as JsonArray ?? [];
            var id = item["id"] is JsonValue i && i.GetValueKind() == JsonValueKind.String ? i.GetValue<string>() : store.NewHexId("msg_");
            return new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["status"] = "completed",
                ["content"] = parts,
                ["role"] = role,
            };
        }

        // Lists and lookups find items by a string id; anything else is replaced.
        if (item["id"] is not JsonValue given || given.GetValueKind() != JsonValueKind.String)
        {
            item.Remove("id");
            item.Insert(0, "id", store.NewHexId(type == "function_call_output" ? "fco_" : "item_"));
        }

        return item;
    }

    private static JsonObject TextPart(string role, string text) => role == "assistant"
        ? new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = text }
        : new JsonObject { ["type"] = "input_text", ["text"] = text };
}
