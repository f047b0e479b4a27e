using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>The Conversations API: conversations with metadata, and their items.</summary>
internal sealed class ConversationsEndpoints(StatefulGate gate, StatefulStore store, TokenCounter counter)
{
    private const int MaxItemsPerCall = 20;

    public async Task CreateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata)
            || await ItemsAsync(context, body, required: false) is not (true, var items)
            || !await gate.AdmitAsync(context, "Conversations_Create"))
        {
            return;
        }

        var id = store.NewHexId("conv_", 48);
        var conversation = new StoredConversation(id, new JsonObject
        {
            ["id"] = id,
            ["object"] = "conversation",
            ["created_at"] = store.Now.ToUnixTimeSeconds(),
            ["metadata"] = metadata ?? [],
        });
        conversation.Append(items ?? [], Tokens(items));

        JsonObject answer;
        lock (store.Gate)
        {
            store.Conversations.Add(conversation);
            answer = (JsonObject)conversation.Body.DeepClone();
        }

        await StatefulJson.WriteAsync(context, answer);
    }

    public Task GetAsync(HttpContext context) => WithConversationAsync(context, "Conversations_Get", c => c.Body.DeepClone());

    public async Task UpdateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        if (metadata is null)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Missing required parameter: 'metadata'.", "metadata", "missing_required_parameter");
            return;
        }

        await WithConversationAsync(context, "Conversations_Update", c =>
        {
            c.Body["metadata"] = metadata;
            return c.Body.DeepClone();
        });
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "Conversations_Delete"))
        {
            return;
        }

        StoredConversation? removed;
        lock (store.Gate)
        {
            removed = store.Conversations.Remove(id);
        }

        await (removed is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, StatefulJson.Deleted(id, "conversation.deleted")));
    }

    public async Task ListItemsAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is { } query)
        {
            await WithConversationAsync(context, "ConversationItems_List", c => query.Page(c.Items, i => i));
        }
    }

    public async Task AddItemsAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body || await ItemsAsync(context, body, required: true) is not (true, { } items))
        {
            return;
        }

        var tokens = Tokens(items);
        await WithConversationAsync(context, "ConversationItems_Create", c =>
        {
            c.Append(items, tokens);
            var data = new JsonArray([.. items.Select(i => i.DeepClone())]);
            return new JsonObject
            {
                ["object"] = "list",
                ["data"] = data,
                ["first_id"] = (string?)items.FirstOrDefault()?["id"],
                ["last_id"] = (string?)items.LastOrDefault()?["id"],
                ["has_more"] = false,
            };
        });
    }

    public Task GetItemAsync(HttpContext context)
    {
        var itemId = context.Route("item_id");
        return WithConversationAsync(context, "ConversationItems_Get", c => c.Items.Find(i => (string?)i["id"] == itemId)?.DeepClone(),
            $"Item with id '{itemId}' not found.");
    }

    public Task DeleteItemAsync(HttpContext context)
    {
        var itemId = context.Route("item_id");

        // The service answers a deleted item with the conversation it was removed from.
        return WithConversationAsync(context, "ConversationItems_Delete",
            c => c.Items.RemoveAll(i => (string?)i["id"] == itemId) > 0 ? c.Body.DeepClone() : null,
            $"Item with id '{itemId}' not found.");
    }

    /// <summary>Admits the call, finds the conversation and answers what <paramref name="act"/> returns (null: <paramref name="missing"/>, 404).</summary>
    private async Task WithConversationAsync(HttpContext context, string operation, Func<StoredConversation, JsonNode?> act, string? missing = null)
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
            var conversation = store.Conversations.Find(id);
            found = conversation is not null;
            if (conversation is not null)
            {
                answer = act(conversation);
            }
        }

        if (!found)
        {
            await NotFoundAsync(context, id);
        }
        else if (answer is null)
        {
            await StatefulJson.NotFoundAsync(context, missing!);
        }
        else
        {
            await StatefulJson.WriteAsync(context, answer);
        }
    }

    private async Task<(bool Ok, List<JsonObject>? Items)> ItemsAsync(HttpContext context, JsonObject body, bool required)
    {
        if (body["items"] is null && !required)
        {
            return (true, null);
        }

        var items = ResponseItems.FromArray(body["items"], store);
        if (items is null || required && items.Count == 0 || items.Count > MaxItemsPerCall)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context,
                $"Invalid 'items': expected an array of 1 to {MaxItemsPerCall} item objects.", "items", body["items"] is null ? "missing_required_parameter" : "invalid_value");
            return (false, null);
        }

        return (true, items);
    }

    private int Tokens(List<JsonObject>? items) =>
        items is { Count: > 0 } ? counter.CountResponsesInput(JsonSerializer.SerializeToElement(new JsonArray([.. items.Select(i => i.DeepClone())])), default) : 0;

    private static Task NotFoundAsync(HttpContext context, string id) =>
        StatefulJson.NotFoundAsync(context, $"Conversation with id '{id}' not found.");
}
