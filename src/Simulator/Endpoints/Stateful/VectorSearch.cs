using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// A stand-in for semantic search: a completed file matches when its text contains words of the query; its score
/// is the share of query words found, and its content is the text around the first match.
/// </summary>
internal static class VectorSearch
{
    private const int SnippetChars = 400;

    public static JsonObject Run(StatefulStore store, StoredVectorStore vectorStore, string query)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = new List<(double Score, JsonObject Result)>();
        foreach (var attached in vectorStore.Files)
        {
            if ((string?)attached.Body["status"] != "completed" || store.Files.Find(attached.FileId) is not { } file)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(file.Content);
            var positions = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(p => p >= 0).ToList();
            if (positions.Count == 0)
            {
                continue;
            }

            var start = Math.Max(0, positions.Min() - SnippetChars / 4);
            var snippet = text.Substring(start, Math.Min(SnippetChars, text.Length - start));
            var score = Math.Round((double)positions.Count / words.Length, 4);
            results.Add((score, new JsonObject
            {
                ["file_id"] = file.Id,
                ["filename"] = (string?)file.Body["filename"],
                ["score"] = score,
                ["attributes"] = new JsonObject(),
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = snippet }),
            }));
        }

        return new JsonObject
        {
            ["object"] = "vector_store.search_results.page",
            ["search_query"] = new JsonArray(query),
            ["data"] = new JsonArray([.. results.OrderByDescending(r => r.Score).Select(r => (JsonNode)r.Result)]),
            ["has_more"] = false,
            ["next_page"] = null,
        };
    }
}
