using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using AiGateway.Simulator.State.Stateful;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Moves batches along the clock (call under the store's lock): validating at creation, in progress after, and once
/// due completed with an output file of one chat completion per input line (with usage) and, when lines failed,
/// an error file. A line whose <c>model</c> names no deployment here, or that is not a request, fails.
/// </summary>
internal sealed class BatchProcessor(StatefulStore store, SimulatorState state, TokenCounter counter, FillerText filler)
{
    public void Refresh(StoredBatch batch)
    {
        if (batch.Finished)
        {
            return;
        }

        var now = store.Now;
        switch (JobClock.PhaseOf(batch.Created, batch.Due, now))
        {
            case JobPhase.Running when batch.Status == "validating":
                batch.Body["status"] = "in_progress";
                batch.Body["in_progress_at"] = now.ToUnixTimeSeconds();
                batch.Body["request_counts"]!["total"] = batch.Lines.Count;
                break;
            case JobPhase.Done:
                Complete(batch, now);
                break;
        }
    }

    private void Complete(StoredBatch batch, DateTimeOffset now)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        int completed = 0, failed = 0;
        foreach (var line in batch.Lines)
        {
            var (result, ok) = Answer(line, now);
            (ok ? output : errors).Append(result.ToJsonString()).Append('\n');
            if (ok)
            {
                completed++;
            }
            else
            {
                failed++;
            }
        }

        var at = now.ToUnixTimeSeconds();
        var body = batch.Body;
        body["in_progress_at"] ??= at;
        body["finalizing_at"] = at;
        body["completed_at"] = at;
        body["status"] = "completed";
        body["output_file_id"] = completed > 0 ? AddFile(batch, "output", output) : null;
        body["error_file_id"] = failed > 0 ? AddFile(batch, "error", errors) : null;
        body["request_counts"] = new JsonObject { ["total"] = batch.Lines.Count, ["completed"] = completed, ["failed"] = failed };
    }

    private string AddFile(StoredBatch batch, string kind, StringBuilder lines)
    {
        var file = FilesEndpoints.Create(store, "batch_output", $"{batch.Id}_{kind}.jsonl", Encoding.UTF8.GetBytes(lines.ToString()));
        store.AddFile(file);
        return file.Id;
    }

    /// <summary>The output line for one input line, and whether it succeeded.</summary>
    private (JsonObject Line, bool Ok) Answer(string line, DateTimeOffset now)
    {
        var requestId = store.NewId("batch_req_", 32);
        JsonObject? request = null;
        try
        {
            request = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
        }

        var customId = request?["custom_id"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : null;
        if (request?["body"] is not JsonObject body || body["messages"] is not JsonArray messages || messages.Any(m => m is not JsonObject) || customId is null)
        {
            return (Failure(requestId, customId, "invalid_request", "Each line must be a JSON object with 'custom_id' and a 'body' with 'messages'."), false);
        }

        var model = body["model"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;
        if (model is null || state.Find(model) is not { } deployment)
        {
            return (Failure(requestId, customId, "model_not_found", $"The model `{model}` does not exist or you do not have access to it."), false);
        }

        var max = (body["max_completion_tokens"] ?? body["max_tokens"]) is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 ? n : (int?)null;
        var length = CompletionLength.From(max, state.Global.DefaultCompletionTokens);
        var promptTokens = counter.CountChat(JsonSerializer.SerializeToElement(messages), body["tools"] is JsonArray tools ? JsonSerializer.SerializeToElement(tools) : default);
        var settings = deployment.Settings;
        deployment.Stats.RecordTokens(promptTokens, length.Tokens);
        var completion = ChatCompletionJson.Build(Ids.New("chatcmpl-"), now.ToUnixTimeSeconds(), settings, filler.Text(0, length.Tokens), promptTokens, length);
        return (new JsonObject
        {
            ["id"] = requestId,
            ["custom_id"] = customId,
            ["response"] = new JsonObject
            {
                ["status_code"] = 200,
                ["request_id"] = Guid.NewGuid().ToString("N"),
                ["body"] = completion,
            },
            ["error"] = null,
        }, true);
    }

    private static JsonObject Failure(string id, string? customId, string code, string message) => new()
    {
        ["id"] = id,
        ["custom_id"] = customId,
        ["response"] = null,
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
