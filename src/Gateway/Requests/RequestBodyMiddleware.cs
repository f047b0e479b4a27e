using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Reads the client's JSON body once, within the size bound, and inspects the fields the gateway acts on. The body
/// is small and must be sent again if the first backend fails, so it is held in memory; responses never are.
/// </summary>
public sealed class RequestBodyMiddleware(RequestDelegate next, IOptionsMonitor<ComplianceOptions> compliance)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await GatewayErrorWriter.WriteAsync(context, GatewayError.InvalidRequest(
                $"The request body must be JSON with 'Content-Type: application/json'; got '{request.ContentType ?? "none"}'.", null, "invalid_content_type"));
            return;
        }

        var limit = compliance.CurrentValue.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            await GatewayErrorWriter.WriteAsync(context, TooLarge(limit));
            return;
        }

        byte[]? body;
        try
        {
            body = await BoundedBody.ReadAsync(request, limit, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
        {
            await GatewayErrorWriter.WriteAsync(context, GatewayError.InvalidRequest("The request body ended before its Content-Length.", null, "incomplete_body"));
            return;
        }

        if (body is null)
        {
            await GatewayErrorWriter.WriteAsync(context, TooLarge(limit));
            return;
        }

        if (!RequestInspector.TryInspect(body, gateway.Operation, out var inspected, out var error))
        {
            await GatewayErrorWriter.WriteAsync(context, error);
            return;
        }

        gateway.BodyRead(new ClientRequest(body, inspected));
        await next(context);
    }

    private static GatewayError TooLarge(long limit) => new(
        StatusCodes.Status413PayloadTooLarge,
        $"The request body is larger than this gateway accepts ({limit} bytes).",
        "invalid_request_error",
        "request_too_large");

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));
}
