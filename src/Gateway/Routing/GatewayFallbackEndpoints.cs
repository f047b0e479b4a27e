using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AiGateway.Gateway.Routing;

/// <summary>
/// Answers what the gateway's routes do not serve under its client-facing prefixes (another method, another
/// operation) in the OpenAI error shape, so an SDK shows a readable error instead of an empty 404 or 405.
/// </summary>
public static class GatewayFallbackEndpoints
{
    /// <summary>After the proxy's routes, which are order 0, so a route they serve never lands here.</summary>
    private const int Order = 1000;

    private static readonly string[] Prefixes = ["/openai/{**rest}", "/v1/{**rest}"];

    public static IEndpointRouteBuilder MapGatewayFallbacks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var prefix in Prefixes)
        {
            endpoints.Map(prefix, Answer)
                .WithOrder(Order)
                .WithMetadata(GatewayEndpoint.Instance)
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static Task Answer(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            return GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status405MethodNotAllowed,
                $"{context.Request.Method} is not served here; the gateway's model endpoints take POST.",
                "invalid_request_error",
                "method_not_allowed"));
        }

        return GatewayErrorWriter.WriteAsync(context, new GatewayError(
            StatusCodes.Status404NotFound,
            $"The gateway does not serve '{context.Request.Path}'. It serves chat/completions, completions, embeddings and responses (POST), and models (GET).",
            "invalid_request_error",
            "unknown_url"));
    }
}
