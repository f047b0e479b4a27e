using AiGateway.Simulator.Control;
using AiGateway.Simulator.Endpoints;
using AiGateway.Simulator.Endpoints.Stateful;
using AiGateway.Simulator.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, so hosts need no extra using.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the backend simulator's endpoints.</summary>
public static class SimulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the model endpoints (Azure classic and v1 shapes, OpenAI <c>/v1</c> shape, <c>/v1/models</c>), the
    /// stateful APIs (responses, conversations, files, vector stores, batches, assistants, image jobs) and, when
    /// <see cref="SimulatorOptions.ControlEnabled"/>, the <c>/_simulator</c> control endpoints, all under
    /// <paramref name="prefix"/>. The endpoints allow anonymous access as far as the host's authorization goes:
    /// they check the simulator's own api keys.
    /// </summary>
    public static RouteGroupBuilder MapSimulator(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        var root = endpoints.MapGroup(prefix);
        root.AllowAnonymous().ExcludeFromDescription();

        var api = root.MapGroup("").AddEndpointFilter<ApiKeyEndpointFilter>();
        MapOperation(api, "chat/completions", static (endpoint, context, deployment, kind, azure) =>
            ((ChatCompletionsEndpoint)endpoint).HandleAsync(context, deployment, kind, azure), typeof(ChatCompletionsEndpoint));
        MapOperation(api, "completions", static (endpoint, context, deployment, kind, azure) =>
            ((CompletionsEndpoint)endpoint).HandleAsync(context, deployment, kind, azure), typeof(CompletionsEndpoint));
        MapOperation(api, "embeddings", static (endpoint, context, deployment, kind, azure) =>
            ((EmbeddingsEndpoint)endpoint).HandleAsync(context, deployment, kind, azure), typeof(EmbeddingsEndpoint));

        StatefulEndpoints.Map(api);
        api.MapGet("/openai/v1/models", ([FromServices] ModelsEndpoint endpoint, HttpContext context) => endpoint.HandleAsync(context));
        api.MapGet("/v1/models", ([FromServices] ModelsEndpoint endpoint, HttpContext context) => endpoint.HandleAsync(context));

        if (options.ControlEnabled)
        {
            ControlEndpoints.Map(root);
        }

        return root;
    }

    /// <summary>One operation under its three paths: Azure classic, Azure v1 and OpenAI v1.</summary>
    private static void MapOperation(RouteGroupBuilder api, string operation, Handler handler, Type endpointType)
    {
        api.MapPost($"/openai/deployments/{{deployment}}/{operation}", (string deployment, HttpContext context) =>
            handler(context.RequestServices.GetRequiredService(endpointType), context, deployment, Routes.Classic, true));
        api.MapPost($"/openai/v1/{operation}", (HttpContext context) =>
            handler(context.RequestServices.GetRequiredService(endpointType), context, null, Routes.V1, true));
        api.MapPost($"/v1/{operation}", (HttpContext context) =>
            handler(context.RequestServices.GetRequiredService(endpointType), context, null, Routes.V1, false));
    }

    private delegate Task Handler(object endpoint, HttpContext context, string? deployment, string routeKind, bool azure);
}
