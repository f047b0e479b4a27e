using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>Threads and their messages (Assistants API v2).</summary>
internal sealed class ThreadsEndpoints(StatefulGate gate, StatefulStore store, RunProcessor runs)
{
    public async Task CreateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        var id = store.NewId("thread_", 24);
        var thread = new StoredThread(id, new JsonObject
        {
            ["id"] = id,
            ["object"] = "thread",
            ["created_at"] = store.Now.ToUnixTimeSeconds(),
            ["metadata"] = metadata ?? [],
            ["tool_resources"] = body["tool_resources"]?.DeepClone() as JsonObject ?? [],
        });

        if (body["messages"] is { } messages)
        {
            if (messages is not JsonArray requests)
            {
                await BadMessageAsync(context, "messages");
                return;
            }

            foreach (var request in requests)
            {
                if (request is not JsonObject o || ThreadMessages.FromRequest(store, id, o) is not { } message)
                {
                    await BadMessageAsync(context, "messages");
                    return;
                }

                thread.Messages.Add(message);
            }
        }

        if (!await gate.AdmitAsync(context, "Threads_Create"))
        {
            return;
        }

        JsonObject answer;
        lock (store.Gate)
        {
            store.Threads.Add(thread);
            answer = (JsonObject)thread.Body.DeepClone();
        }

        await StatefulJson.WriteAsync(context, answer);
    }

    public Task GetAsync(HttpContext context) => WithThreadAsync(context, "Threads_Get", t => t.Body.DeepClone());

    public async Task UpdateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        await WithThreadAsync(context, "Threads_Modify", t =>
        {
            if (metadata is not null)
            {
                t.Body["metadata"] = metadata;
            }

            return t.Body.DeepClone();
        });
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "Threads_Delete"))
        {
            return;
        }

        StoredThread? removed;
        lock (store.Gate)
        {
            removed = store.Threads.Remove(id);
        }

        await (removed is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, StatefulJson.Deleted(id, "thread.deleted")));
    }

    public async Task CreateMessageAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body)
        {
            return;
        }

        var id = context.Route("id");
        if (ThreadMessages.FromRequest(store, id, body) is not { } message)
        {
            await BadMessageAsync(context, "content");
            return;
        }

        await WithThreadAsync(context, "Messages_Create", t =>
        {
            t.Messages.Add(message);
            return message.DeepClone();
        });
    }

    public async Task ListMessagesAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is { } query)
        {
            var runId = context.Request.Query["run_id"].ToString();
            await WithThreadAsync(context, "Messages_List",
                t => query.Page(t.Messages.Where(m => runId.Length == 0 || (string?)m["run_id"] == runId), m => m));
        }
    }

    public Task GetMessageAsync(HttpContext context)
    {
        var messageId = context.Route("message_id");
        return WithThreadAsync(context, "Messages_Get", t => t.Messages.Find(m => (string?)m["id"] == messageId)?.DeepClone(),
            () => StatefulJson.NotFoundAsync(context, $"No message found with id '{messageId}'."));
    }

    public static Task NotFoundAsync(HttpContext context, string id) =>
        StatefulJson.NotFoundAsync(context, $"No thread found with id '{id}'.");

    /// <summary>Admits the call, finds the thread (its runs moved along the clock) and answers what <paramref name="act"/> returns.</summary>
    private async Task WithThreadAsync(HttpContext context, string operation, Func<StoredThread, JsonNode?> act, Func<Task>? missing = null)
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
            var thread = store.Threads.Find(id);
            found = thread is not null;
            if (thread is not null)
            {
                runs.RefreshThread(thread.Id);
                answer = act(thread);
            }
        }

        if (!found)
        {
            await NotFoundAsync(context, id);
        }
        else if (answer is null)
        {
            await missing!();
        }
        else
        {
            await StatefulJson.WriteAsync(context, answer);
        }
    }

    private static Task BadMessageAsync(HttpContext context, string param) => OpenAIErrors.WriteInvalidRequestAsync(context,
        "Invalid message: expected 'role' ('user' or 'assistant') and 'content' (a string or a non-empty array of content parts).", param);
}
