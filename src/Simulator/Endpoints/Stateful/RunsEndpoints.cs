using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Runs of an assistant on a thread: created queued, charged (prompt: the thread's text and the instructions;
/// completion: <c>max_completion_tokens</c> or the default) to the assistant's deployment, completed after the job time.
/// </summary>
internal sealed class RunsEndpoints(StatefulGate gate, StatefulStore store, RunProcessor processor, TokenCounter counter, SimulatorState state)
{
    public async Task CreateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "assistant_id", required: true) is not (true, { } assistantId)
            || await StatefulJson.StringAsync(context, body, "model") is not (true, var modelOverride)
            || await StatefulJson.StringAsync(context, body, "instructions") is not (true, var instructionsOverride)
            || await StatefulJson.StringAsync(context, body, "additional_instructions") is not (true, var additional)
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        var threadId = context.Route("id");
        StoredAssistant? assistant;
        StoredThread? thread;
        int promptTokens;
        lock (store.Gate)
        {
            assistant = store.Assistants.Find(assistantId);
            thread = store.Threads.Find(threadId);
            promptTokens = thread is null ? 0 : Tokens(thread);
        }

        if (thread is null)
        {
            await ThreadsEndpoints.NotFoundAsync(context, threadId);
            return;
        }

        if (assistant is null)
        {
            await AssistantsEndpoints.NotFoundAsync(context, assistantId);
            return;
        }

        var model = modelOverride ?? assistant.Model;
        var instructions = (instructionsOverride ?? (string?)assistant.Body["instructions"]) + (additional is null ? "" : "\n" + additional);
        promptTokens += counter.Count(instructions) + 3;
        var max = body["max_completion_tokens"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n > 0 ? n : (int?)null;
        var completionTokens = max ?? state.Global.DefaultCompletionTokens;
        if (!await gate.AdmitAsync(context, "Runs_Create", model, named: true, cost: promptTokens + (long)completionTokens))
        {
            return;
        }

        var now = store.Now;
        var id = store.NewId("run_", 24);
        var run = new StoredRun(id, threadId, model, new JsonObject
        {
            ["id"] = id,
            ["object"] = "thread.run",
            ["created_at"] = now.ToUnixTimeSeconds(),
            ["assistant_id"] = assistantId,
            ["thread_id"] = threadId,
            ["status"] = "queued",
            ["started_at"] = null,
            ["expires_at"] = now.AddMinutes(10).ToUnixTimeSeconds(),
            ["cancelled_at"] = null,
            ["failed_at"] = null,
            ["completed_at"] = null,
            ["required_action"] = null,
            ["last_error"] = null,
            ["model"] = model,
            ["instructions"] = instructions,
            ["tools"] = assistant.Body["tools"]?.DeepClone() ?? new JsonArray(),
            ["tool_resources"] = new JsonObject(),
            ["metadata"] = metadata ?? [],
            ["temperature"] = 1.0,
            ["top_p"] = 1.0,
            ["max_completion_tokens"] = max,
            ["max_prompt_tokens"] = null,
            ["truncation_strategy"] = new JsonObject { ["type"] = "auto", ["last_messages"] = null },
            ["incomplete_details"] = null,
            ["usage"] = null,
            ["response_format"] = "auto",
            ["tool_choice"] = "auto",
            ["parallel_tool_calls"] = true,
        }, now, now + store.JobDuration)
        {
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
        };

        JsonObject answer;
        lock (store.Gate)
        {
            store.Runs.Add(run);
            answer = (JsonObject)run.Body.DeepClone();
        }

        gate.Served(context, promptTokens, completionTokens);
        await StatefulJson.WriteAsync(context, answer);
    }

    public async Task ListAsync(HttpContext context)
    {
        var threadId = context.Route("id");
        if (await ListQuery.ParseAsync(context) is not { } query || !await gate.AdmitAsync(context, "Runs_List"))
        {
            return;
        }

        JsonObject? page = null;
        lock (store.Gate)
        {
            if (store.Threads.Find(threadId) is not null)
            {
                processor.RefreshThread(threadId);
                page = query.Page(store.Runs.All.Where(r => r.ThreadId == threadId), r => r.Body);
            }
        }

        await (page is null ? ThreadsEndpoints.NotFoundAsync(context, threadId) : StatefulJson.WriteAsync(context, page));
    }

    public Task GetAsync(HttpContext context) => WithRunAsync(context, "Runs_Get", r => r.Body.DeepClone());

    public Task CancelAsync(HttpContext context)
    {
        string? refusal = null;
        return WithRunAsync(context, "Runs_Cancel", r =>
        {
            if (r.Finished)
            {
                refusal = $"Cannot cancel run with status '{r.Status}'.";
                return null;
            }

            r.Body["status"] = "cancelled";
            r.Body["cancelled_at"] = store.Now.ToUnixTimeSeconds();
            return r.Body.DeepClone();
        }, () => OpenAIErrors.WriteInvalidRequestAsync(context, refusal!, null, null));
    }

    private async Task WithRunAsync(HttpContext context, string operation, Func<StoredRun, JsonNode?> act, Func<Task>? refused = null)
    {
        var threadId = context.Route("id");
        var runId = context.Route("run_id");
        string? deployment;
        lock (store.Gate)
        {
            deployment = store.Runs.Find(runId)?.Deployment;
        }

        if (!await gate.AdmitAsync(context, operation, deployment))
        {
            return;
        }

        JsonNode? answer = null;
        bool found;
        lock (store.Gate)
        {
            var run = store.Runs.Find(runId);
            found = run is not null && run.ThreadId == threadId;
            if (found)
            {
                processor.Refresh(run!);
                answer = act(run!);
            }
        }

        if (!found)
        {
            await StatefulJson.NotFoundAsync(context, $"No run found with id '{runId}'.");
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

    /// <summary>What the thread costs as a prompt: each message's text and its framing.</summary>
    private int Tokens(StoredThread thread) =>
        3 + thread.Messages.Sum(m => 3 + ThreadMessages.Texts(m).Sum(counter.Count));
}
