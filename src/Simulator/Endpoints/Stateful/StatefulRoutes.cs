using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Maps a stateful operation under the three path shapes: Azure classic (<c>/openai/{path}?api-version=</c>, which
/// without <c>api-version</c> is a 404 as on Azure), Azure v1 (<c>/openai/v1/{path}</c>) and OpenAI (<c>/v1/{path}</c>).
/// </summary>
internal static class StatefulRoutes
{
    public static void Map(RouteGroupBuilder api, string method, string path, Func<HttpContext, Task> handler)
    {
        api.MapMethods("/openai/" + path, [method], (HttpContext context) => ClassicAsync(context, handler));
        api.MapMethods("/openai/v1/" + path, [method], (HttpContext context) => Run(context, azure: true, handler));
        api.MapMethods("/v1/" + path, [method], (HttpContext context) => Run(context, azure: false, handler));
    }

    /// <summary>An Azure-only operation with no v1 shape (the image generation jobs).</summary>
    public static void MapClassic(RouteGroupBuilder api, string method, string path, Func<HttpContext, Task> handler) =>
        api.MapMethods("/openai/" + path, [method], (HttpContext context) => ClassicAsync(context, handler));

    private static Task ClassicAsync(HttpContext context, Func<HttpContext, Task> handler) =>
        context.Request.Query.ContainsKey("api-version")
            ? Run(context, azure: true, handler)
            : OpenAIErrors.WriteAzureAsync(context, StatusCodes.Status404NotFound, "404", "Resource not found");

    private static Task Run(HttpContext context, bool azure, Func<HttpContext, Task> handler)
    {
        context.Features.GetRequiredFeature<SimulatorCall>().Azure = azure;
        return handler(context);
    }
}
