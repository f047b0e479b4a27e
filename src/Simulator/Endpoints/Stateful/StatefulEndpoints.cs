using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>The table of contents of the stateful APIs: every operation and its path.</summary>
internal static class StatefulEndpoints
{
    /// <summary>
    /// Maps the operations with a store of their own: each <c>MapSimulator</c> call is one simulator with its own
    /// objects and instance tag, so a host that maps two (as two backends) has each know only its own ids. The
    /// endpoint classes are built here, not taken from DI, because they belong to this mapping's store.
    /// </summary>
    public static void Map(RouteGroupBuilder api)
    {
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        var store = ActivatorUtilities.CreateInstance<StatefulStore>(services);
        var gate = services.GetRequiredService<StatefulGate>();
        var counter = services.GetRequiredService<TokenCounter>();
        var filler = services.GetRequiredService<FillerText>();
        var state = services.GetRequiredService<SimulatorState>();
        var runProcessor = new RunProcessor(store, filler);

        var responses = new ResponsesEndpoint(services.GetRequiredService<OperationGate>(), counter, filler, store);
        var stored = new StoredResponsesEndpoints(gate, store);
        StatefulRoutes.Map(api, "POST", "responses", responses.HandleAsync);
        StatefulRoutes.Map(api, "GET", "responses/{id}", stored.GetAsync);
        StatefulRoutes.Map(api, "DELETE", "responses/{id}", stored.DeleteAsync);
        StatefulRoutes.Map(api, "POST", "responses/{id}/cancel", stored.CancelAsync);
        StatefulRoutes.Map(api, "GET", "responses/{id}/input_items", stored.InputItemsAsync);

        var conversations = new ConversationsEndpoints(gate, store, counter);
        StatefulRoutes.Map(api, "POST", "conversations", conversations.CreateAsync);
        StatefulRoutes.Map(api, "GET", "conversations/{id}", conversations.GetAsync);
        StatefulRoutes.Map(api, "POST", "conversations/{id}", conversations.UpdateAsync);
        StatefulRoutes.Map(api, "DELETE", "conversations/{id}", conversations.DeleteAsync);
        StatefulRoutes.Map(api, "GET", "conversations/{id}/items", conversations.ListItemsAsync);
        StatefulRoutes.Map(api, "POST", "conversations/{id}/items", conversations.AddItemsAsync);
        StatefulRoutes.Map(api, "GET", "conversations/{id}/items/{item_id}", conversations.GetItemAsync);
        StatefulRoutes.Map(api, "DELETE", "conversations/{id}/items/{item_id}", conversations.DeleteItemAsync);

        var files = new FilesEndpoints(gate, store);
        StatefulRoutes.Map(api, "POST", "files", files.UploadAsync);
        StatefulRoutes.Map(api, "GET", "files", files.ListAsync);
        StatefulRoutes.Map(api, "GET", "files/{id}", files.GetAsync);
        StatefulRoutes.Map(api, "GET", "files/{id}/content", files.ContentAsync);
        StatefulRoutes.Map(api, "DELETE", "files/{id}", files.DeleteAsync);

        var vectorStores = new VectorStoresEndpoints(gate, store);
        StatefulRoutes.Map(api, "POST", "vector_stores", vectorStores.CreateAsync);
        StatefulRoutes.Map(api, "GET", "vector_stores", vectorStores.ListAsync);
        StatefulRoutes.Map(api, "GET", "vector_stores/{id}", vectorStores.GetAsync);
        StatefulRoutes.Map(api, "POST", "vector_stores/{id}", vectorStores.UpdateAsync);
        StatefulRoutes.Map(api, "DELETE", "vector_stores/{id}", vectorStores.DeleteAsync);
        StatefulRoutes.Map(api, "POST", "vector_stores/{id}/files", vectorStores.AddFileAsync);
        StatefulRoutes.Map(api, "GET", "vector_stores/{id}/files", vectorStores.ListFilesAsync);
        StatefulRoutes.Map(api, "GET", "vector_stores/{id}/files/{file_id}", vectorStores.GetFileAsync);
        StatefulRoutes.Map(api, "DELETE", "vector_stores/{id}/files/{file_id}", vectorStores.DeleteFileAsync);
        StatefulRoutes.Map(api, "POST", "vector_stores/{id}/search", vectorStores.SearchAsync);

        var batches = new BatchesEndpoints(gate, store, new BatchProcessor(store, state, counter, filler));
        StatefulRoutes.Map(api, "POST", "batches", batches.CreateAsync);
        StatefulRoutes.Map(api, "GET", "batches", batches.ListAsync);
        StatefulRoutes.Map(api, "GET", "batches/{id}", batches.GetAsync);
        StatefulRoutes.Map(api, "POST", "batches/{id}/cancel", batches.CancelAsync);

        var assistants = new AssistantsEndpoints(gate, store);
        StatefulRoutes.Map(api, "POST", "assistants", assistants.CreateAsync);
        StatefulRoutes.Map(api, "GET", "assistants", assistants.ListAsync);
        StatefulRoutes.Map(api, "GET", "assistants/{id}", assistants.GetAsync);
        StatefulRoutes.Map(api, "POST", "assistants/{id}", assistants.UpdateAsync);
        StatefulRoutes.Map(api, "DELETE", "assistants/{id}", assistants.DeleteAsync);

        var threads = new ThreadsEndpoints(gate, store, runProcessor);
        StatefulRoutes.Map(api, "POST", "threads", threads.CreateAsync);
        StatefulRoutes.Map(api, "GET", "threads/{id}", threads.GetAsync);
        StatefulRoutes.Map(api, "POST", "threads/{id}", threads.UpdateAsync);
        StatefulRoutes.Map(api, "DELETE", "threads/{id}", threads.DeleteAsync);
        StatefulRoutes.Map(api, "POST", "threads/{id}/messages", threads.CreateMessageAsync);
        StatefulRoutes.Map(api, "GET", "threads/{id}/messages", threads.ListMessagesAsync);
        StatefulRoutes.Map(api, "GET", "threads/{id}/messages/{message_id}", threads.GetMessageAsync);

        var runs = new RunsEndpoints(gate, store, runProcessor, counter, state);
        StatefulRoutes.Map(api, "POST", "threads/{id}/runs", runs.CreateAsync);
        StatefulRoutes.Map(api, "GET", "threads/{id}/runs", runs.ListAsync);
        StatefulRoutes.Map(api, "GET", "threads/{id}/runs/{run_id}", runs.GetAsync);
        StatefulRoutes.Map(api, "POST", "threads/{id}/runs/{run_id}/cancel", runs.CancelAsync);

        var images = new ImageJobsEndpoints(gate, store);
        StatefulRoutes.MapClassic(api, "POST", "images/generations:submit", images.SubmitAsync);
        StatefulRoutes.MapClassic(api, "GET", "operations/images/{id}", images.GetAsync);
        StatefulRoutes.MapClassic(api, "DELETE", "operations/images/{id}", images.DeleteAsync);
    }
}
