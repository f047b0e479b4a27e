using System.Text.Json;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// The stored objects a JSON request body names, and its <c>model</c>: a follow-up response names its previous
/// response or conversation, a batch its input file, a vector store its files, a run its assistant.
/// </summary>
public sealed record RequestReferences(string? Model, IReadOnlyList<string> ObjectIds)
{
    public static readonly RequestReferences None = new(null, []);

    private static readonly string[] SingleIdFields = ["previous_response_id", "input_file_id", "file_id", "assistant_id"];

    /// <summary>Reads the top-level fields; a body that is not a JSON object names nothing.</summary>
    public static RequestReferences Read(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return None;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            var root = document.RootElement;
            var ids = new List<string>();
            foreach (var field in SingleIdFields)
            {
                AddString(root, field, ids);
            }

            if (root.TryGetProperty("conversation", out var conversation))
            {
                // A conversation is named by its id, or by an object holding it.
                AddString(conversation.ValueKind == JsonValueKind.Object ? conversation : root, conversation.ValueKind == JsonValueKind.Object ? "id" : "conversation", ids);
            }

            if (root.TryGetProperty("file_ids", out var fileIds) && fileIds.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in fileIds.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } id)
                    {
                        ids.Add(id);
                    }
                }
            }

            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new RequestReferences(model, ids);
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static void AddString(JsonElement element, string name, List<string> ids)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
        {
            ids.Add(id);
        }
    }
}
