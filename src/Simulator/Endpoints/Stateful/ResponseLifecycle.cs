using AiGateway.Simulator.State.Stateful;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>What happens to a stored response as time passes; call under the store's lock.</summary>
internal static class ResponseLifecycle
{
    /// <summary>The response, moved along the clock; a background one that has just completed fills its conversation.</summary>
    public static StoredResponse? Find(StatefulStore store, string? id)
    {
        var response = store.Responses.Find(id);
        if (response is not null && response.Refresh(store.Now))
        {
            store.Conversations.Find(response.ConversationId)?.Append(response.ConversationItems(), response.TurnTokens);
        }

        return response;
    }
}
