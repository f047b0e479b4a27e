using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AiGateway.Gateway.Routing;

/// <summary>
/// The model API's paths on a replica that does not serve the gateway (the Portal role alone): a 404 in the OpenAI
/// error shape that says so, so a client pointed at the wrong replica sees why rather than an empty 404 or the
/// portal's sign-in page.
/// </summary>
public static class GatewayNotServedEndpoints
{
    private static readonly string[] Prefixes = ["/openai", "/openai/{**rest}", "/v1", "/v1/{**rest}"];

    public static IEndpointRouteBuilder MapGatewayNotServed(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var prefix in Prefixes)
        {
            endpoints.Map(prefix, Answer)
                .WithMetadata(GatewayEndpoint.Instance)
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static Task Answer(HttpContext context) => GatewayErrorWriter.WriteAsync(context, new GatewayError(
        StatusCodes.Status404NotFound,
        "This replica does not serve the gateway (its Host:Roles is Portal): send model API requests to the gateway's address.",
        "invalid_request_error",
        "gateway_not_served"));
}
