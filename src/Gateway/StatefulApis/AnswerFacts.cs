using System.Text.Json;
using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// What a stateful answer's JSON says that the gateway acts on: the object's id (to record its owner), its status
/// and usage (to bill work completed later), the ids of objects it brought with it (a batch's output files, a run's
/// new thread) and, for a list, its items' ids.
/// </summary>
public sealed record AnswerFacts(string? Id, string? Status, TokenUsage? Usage, IReadOnlyList<(string Id, StoredObjectKind Kind)> Related)
{
    public static readonly AnswerFacts None = new(null, null, null, []);

    /// <summary>A finished batch's output file, whose lines carry each request's usage.</summary>
    public string? OutputFileId { get; init; }

    public bool IsFinished => Status is "completed" or "failed" or "cancelled" or "incomplete" or "expired";

    public static AnswerFacts Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            var related = new List<(string, StoredObjectKind)>();
            AddRelated(root, "output_file_id", StoredObjectKind.File, related);
            AddRelated(root, "error_file_id", StoredObjectKind.File, related);
            AddRelated(root, "thread_id", StoredObjectKind.Thread, related);
            return new AnswerFacts(StringOf(root, "id"), StringOf(root, "status"), UsageOf(root), related)
            {
                OutputFileId = StringOf(root, "output_file_id"),
            };
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void AddRelated(JsonElement root, string name, StoredObjectKind kind, List<(string, StoredObjectKind)> related)
    {
        if (StringOf(root, name) is { Length: > 0 } id)
        {
            related.Add((id, kind));
        }
    }

    /// <summary>The Responses shape (<c>input_tokens</c>/<c>output_tokens</c>) or the chat shape (<c>prompt_tokens</c>/<c>completion_tokens</c>).</summary>
    internal static TokenUsage? UsageOf(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var prompt = IntOf(usage, "input_tokens") ?? IntOf(usage, "prompt_tokens") ?? 0;
        var completion = IntOf(usage, "output_tokens") ?? IntOf(usage, "completion_tokens") ?? 0;
        return new TokenUsage(prompt, completion, IntOf(usage, "total_tokens") ?? prompt + completion);
    }

    private static int? IntOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
