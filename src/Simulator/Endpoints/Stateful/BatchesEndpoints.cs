using System.Text;
using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>The Batch API: create from an uploaded <c>batch</c> file, retrieve, cancel and list.</summary>
internal sealed class BatchesEndpoints(StatefulGate gate, StatefulStore store, BatchProcessor processor)
{
    // The simulator generates chat completions only; OpenAI's and Azure's spellings of the endpoint.
    private static readonly string[] Endpoints = ["/v1/chat/completions", "/chat/completions"];

    public async Task CreateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "input_file_id", required: true) is not (true, { } fileId)
            || await StatefulJson.StringAsync(context, body, "endpoint", required: true) is not (true, { } endpoint)
            || await StatefulJson.StringAsync(context, body, "completion_window", required: true) is not (true, { } window)
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        if (!Endpoints.Contains(endpoint))
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context,
                $"Invalid value for 'endpoint': '{endpoint}'. The simulator batches '/v1/chat/completions' (Azure: '/chat/completions').", "endpoint");
            return;
        }

        if (window != "24h")
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, $"Invalid value for 'completion_window': '{window}'. Supported values are: '24h'.", "completion_window");
            return;
        }

        if (!await gate.AdmitAsync(context, "Batches_Create"))
        {
            return;
        }

        StoredFile? file;
        lock (store.Gate)
        {
            file = store.Files.Find(fileId);
        }

        if (file is null)
        {
            await FilesEndpoints.NotFoundAsync(context, fileId);
            return;
        }

        var lines = Encoding.UTF8.GetString(file.Content).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (file.Purpose != "batch" || lines.Length == 0)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context,
                file.Purpose != "batch" ? $"Invalid 'input_file_id': file {fileId} has purpose '{file.Purpose}', expected 'batch'." : $"Invalid 'input_file_id': file {fileId} is empty.",
                "input_file_id");
            return;
        }

        var now = store.Now;
        var id = store.NewId("batch_", 24);
        var batch = new StoredBatch(id, new JsonObject
        {
            ["id"] = id,
            ["object"] = "batch",
            ["endpoint"] = endpoint,
            ["errors"] = null,
            ["input_file_id"] = fileId,
            ["completion_window"] = window,
            ["status"] = "validating",
            ["output_file_id"] = null,
            ["error_file_id"] = null,
            ["created_at"] = now.ToUnixTimeSeconds(),
            ["in_progress_at"] = null,
            ["expires_at"] = now.AddHours(24).ToUnixTimeSeconds(),
            ["finalizing_at"] = null,
            ["completed_at"] = null,
            ["failed_at"] = null,
            ["expired_at"] = null,
            ["cancelling_at"] = null,
            ["cancelled_at"] = null,
            ["request_counts"] = new JsonObject { ["total"] = 0, ["completed"] = 0, ["failed"] = 0 },
            ["metadata"] = metadata,
        }, lines, now, now + store.JobDuration);

        JsonObject answer;
        lock (store.Gate)
        {
            store.Batches.Add(batch);
            answer = (JsonObject)batch.Body.DeepClone();
        }

        await StatefulJson.WriteAsync(context, answer);
    }

    public Task GetAsync(HttpContext context) => WithBatchAsync(context, "Batches_Get", b => b.Body.DeepClone());

    public Task CancelAsync(HttpContext context)
    {
        string? refusal = null;
        return WithBatchAsync(context, "Batches_Cancel", b =>
        {
            if (b.Finished)
            {
                refusal = $"Cannot cancel a batch with status '{b.Status}'.";
                return null;
            }

            var at = store.Now.ToUnixTimeSeconds();
            b.Body["status"] = "cancelled";
            b.Body["cancelling_at"] = at;
            b.Body["cancelled_at"] = at;
            return b.Body.DeepClone();
        }, () => OpenAIErrors.WriteInvalidRequestAsync(context, refusal!, null, null));
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is not { } query || !await gate.AdmitAsync(context, "Batches_List"))
        {
            return;
        }

        JsonObject page;
        lock (store.Gate)
        {
            foreach (var batch in store.Batches.All)
            {
                processor.Refresh(batch);
            }

            page = query.Page(store.Batches.All, b => b.Body);
        }

        await StatefulJson.WriteAsync(context, page);
    }

    private async Task WithBatchAsync(HttpContext context, string operation, Func<StoredBatch, JsonNode?> act, Func<Task>? refused = null)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, operation))
        {
            return;
        }

        JsonNode? answer = null;
        bool found;
        lock (store.Gate)
        {
            var batch = store.Batches.Find(id);
            found = batch is not null;
            if (batch is not null)
            {
                processor.Refresh(batch);
                answer = act(batch);
            }
        }

        if (!found)
        {
            await StatefulJson.NotFoundAsync(context, $"No batch found with id '{id}'.");
        }
        else if (answer is null)
        {
            await refused!();
        }
        else
        {
            await StatefulJson.WriteAsync(context, answer);
        }
    }
}
