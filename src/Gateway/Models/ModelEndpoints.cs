using AiGateway.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Models;

/// <summary>
/// The models API that IDE plug-ins and SDK helpers call before anything else: <c>GET /v1/models</c> and
/// <c>/openai/v1/models</c> (OpenAI's shape), <c>GET /openai/models</c> (Azure OpenAI's), each with
/// <c>/{model}</c> for one.
/// </summary>
public static class ModelEndpoints
{
    public static IHostApplicationBuilder AddGatewayModels(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ModelListHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewayModels(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var prefix in (string[])["/v1/models", "/openai/v1/models"])
        {
            Map(endpoints, prefix, ModelApiShape.OpenAI);
            Map(endpoints, prefix + "/{" + ModelListHandler.ModelRouteValue + "}", ModelApiShape.OpenAI);
        }

        Map(endpoints, "/openai/models", ModelApiShape.Azure);
        Map(endpoints, "/openai/models/{" + ModelListHandler.ModelRouteValue + "}", ModelApiShape.Azure);
        return endpoints;
    }

    // Every method maps here, so that a POST gets the models API's own 405 rather than the proxy's catch-all answer.
    private static void Map(IEndpointRouteBuilder endpoints, string pattern, ModelApiShape shape) =>
        endpoints.Map(pattern, context => context.RequestServices.GetRequiredService<ModelListHandler>().HandleAsync(context, shape))
            .WithMetadata(GatewayEndpoint.Instance)
            .AllowAnonymous()
            .ExcludeFromDescription();
}
