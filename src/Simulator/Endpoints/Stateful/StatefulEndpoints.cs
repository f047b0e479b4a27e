using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>The table of contents of the stateful APIs: every operation and its path.</summary>
internal static class StatefulEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var services = api.ServiceProvider();

        var responses = services.GetRequiredService<ResponsesEndpoint>();
        var stored = services.GetRequiredService<StoredResponsesEndpoints>();
        StatefulRoutes.Map(api, "POST", "responses", responses.HandleAsync);
        StatefulRoutes.Map(api, "GET", "responses/{id}", stored.GetAsync);
        StatefulRoutes.Map(api, "DELETE", "responses/{id}", stored.DeleteAsync);
        StatefulRoutes.Map(api, "POST", "responses/{id}/cancel", stored.CancelAsync);
        StatefulRoutes.Map(api, "GET", "responses/{id}/input_items", stored.InputItemsAsync);

        var conversations = services.GetRequiredService<ConversationsEndpoints>();
        StatefulRoutes.Map(api, "POST", "conversations", conversations.CreateAsync);
        StatefulRoutes.Map(api, "GET", "conversations/{id}", conversations.GetAsync);
        StatefulRoutes.Map(api, "POST", "conversations/{id}", conversations.UpdateAsync);
        StatefulRoutes.Map(api, "DELETE", "conversations/{id}", conversations.DeleteAsync);
        StatefulRoutes.Map(api, "GET", "conversations/{id}/items", conversations.ListItemsAsync);
        StatefulRoutes.Map(api, "POST", "conversations/{id}/items", conversations.AddItemsAsync);
        StatefulRoutes.Map(api, "GET", "conversations/{id}/items/{item_id}", conversations.GetItemAsync);
        StatefulRoutes.Map(api, "DELETE", "conversations/{id}/items/{item_id}", conversations.DeleteItemAsync);
    }

    private static IServiceProvider ServiceProvider(this IEndpointRouteBuilder endpoints) => endpoints.ServiceProvider;
}
