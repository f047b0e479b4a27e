using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>Assistants (Assistants API v2, which Azure still serves): create, list, retrieve, modify, delete.</summary>
internal sealed class AssistantsEndpoints(StatefulGate gate, StatefulStore store)
{
    private static readonly string[] Editable = ["name", "description", "instructions"];

    public async Task CreateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "model", required: true) is not (true, { } model)
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata)
            || !await gate.AdmitAsync(context, "Assistants_Create", model, named: true))
        {
            return;
        }

        var id = store.NewId("asst_", 24);
        var assistant = new StoredAssistant(id, new JsonObject
        {
            ["id"] = id,
            ["object"] = "assistant",
            ["created_at"] = store.Now.ToUnixTimeSeconds(),
            ["name"] = Text(body, "name"),
            ["description"] = Text(body, "description"),
            ["model"] = model,
            ["instructions"] = Text(body, "instructions"),
            ["tools"] = body["tools"]?.DeepClone() as JsonArray ?? [],
            ["tool_resources"] = body["tool_resources"]?.DeepClone() as JsonObject ?? [],
            ["metadata"] = metadata ?? [],
            ["top_p"] = 1.0,
            ["temperature"] = 1.0,
            ["response_format"] = "auto",
        });

        JsonObject answer;
        lock (store.Gate)
        {
            store.Assistants.Add(assistant);
            answer = (JsonObject)assistant.Body.DeepClone();
        }

        await StatefulJson.WriteAsync(context, answer);
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is not { } query || !await gate.AdmitAsync(context, "Assistants_List"))
        {
            return;
        }

        JsonObject page;
        lock (store.Gate)
        {
            page = query.Page(store.Assistants.All, a => a.Body);
        }

        await StatefulJson.WriteAsync(context, page);
    }

    public Task GetAsync(HttpContext context) => WithAssistantAsync(context, "Assistants_Get", a => a.Body.DeepClone());

    public async Task UpdateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "model") is not (true, var model)
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        await WithAssistantAsync(context, "Assistants_Modify", a =>
        {
            foreach (var field in Editable.Where(body.ContainsKey))
            {
                a.Body[field] = Text(body, field);
            }

            if (model is not null)
            {
                a.Body["model"] = model;
            }

            if (metadata is not null)
            {
                a.Body["metadata"] = metadata;
            }

            if (body["tools"] is JsonArray tools)
            {
                a.Body["tools"] = tools.DeepClone();
            }

            return a.Body.DeepClone();
        });
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "Assistants_Delete"))
        {
            return;
        }

        StoredAssistant? removed;
        lock (store.Gate)
        {
            removed = store.Assistants.Remove(id);
        }

        await (removed is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, StatefulJson.Deleted(id, "assistant.deleted")));
    }

    public static Task NotFoundAsync(HttpContext context, string id) =>
        StatefulJson.NotFoundAsync(context, $"No assistant found with id '{id}'.");

    private async Task WithAssistantAsync(HttpContext context, string operation, Func<StoredAssistant, JsonNode> act)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, operation))
        {
            return;
        }

        JsonNode? answer;
        lock (store.Gate)
        {
            answer = store.Assistants.Find(id) is { } assistant ? act(assistant) : null;
        }

        await (answer is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, answer));
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
}
