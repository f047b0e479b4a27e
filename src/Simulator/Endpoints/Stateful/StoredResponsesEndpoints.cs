using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Calls about a stored response: retrieve, delete, cancel (background only) and its input items. Each is admitted
/// against the deployment that answered the response.
/// </summary>
internal sealed class StoredResponsesEndpoints(StatefulGate gate, StatefulStore store)
{
    public async Task GetAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await AdmitAsync(context, id, "Responses_Get"))
        {
            return;
        }

        JsonObject? body;
        lock (store.Gate)
        {
            body = (JsonObject?)ResponseLifecycle.Find(store, id)?.Body.DeepClone();
        }

        await (body is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, body));
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await AdmitAsync(context, id, "Responses_Delete"))
        {
            return;
        }

        StoredResponse? removed;
        lock (store.Gate)
        {
            removed = store.Responses.Remove(id);
        }

        await (removed is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, StatefulJson.Deleted(id, "response")));
    }

    public async Task CancelAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await AdmitAsync(context, id, "Responses_Cancel"))
        {
            return;
        }

        JsonObject? body;
        string? refusal = null;
        lock (store.Gate)
        {
            var response = ResponseLifecycle.Find(store, id);
            if (response is not null && !response.Background)
            {
                refusal = "Only responses created with background=true can be cancelled.";
            }
            else if (response is not null && response.Finished && (string?)response.Body["status"] != "cancelled")
            {
                refusal = $"Cannot cancel a response with status '{(string?)response.Body["status"]}'.";
            }
            else
            {
                response?.Cancel();
            }

            body = (JsonObject?)response?.Body.DeepClone();
        }

        if (body is null)
        {
            await NotFoundAsync(context, id);
        }
        else if (refusal is not null)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, refusal, null, null);
        }
        else
        {
            await StatefulJson.WriteAsync(context, body);
        }
    }

    public async Task InputItemsAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (await ListQuery.ParseAsync(context) is not { } query || !await AdmitAsync(context, id, "Responses_ListInputItems"))
        {
            return;
        }

        JsonObject? page;
        lock (store.Gate)
        {
            page = ResponseLifecycle.Find(store, id) is { } response ? query.Page(response.InputItems, i => i) : null;
        }

        await (page is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, page));
    }

    private Task<bool> AdmitAsync(HttpContext context, string id, string operation)
    {
        string? deployment;
        lock (store.Gate)
        {
            deployment = store.Responses.Find(id)?.Deployment;
        }

        return gate.AdmitAsync(context, operation, deployment);
    }

    private static Task NotFoundAsync(HttpContext context, string id) =>
        StatefulJson.NotFoundAsync(context, $"Response with id '{id}' not found.");
}
