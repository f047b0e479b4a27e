using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Context;

/// <summary>
/// The gateway's front door, before routing's choice is acted on: a request on a gateway path (see
/// <see cref="GatewayPaths"/>) gets its request id (as its <see cref="HttpContext.TraceIdentifier"/>, so the host's
/// own log lines carry it too, and as <c>x-request-id</c> on whatever answers it, the fallbacks and the exception
/// handler included), and a head over the gateway's limits or a path no route can serve is refused here, in the
/// OpenAI error shape. Every other path passes untouched.
/// </summary>
public sealed class GatewayEntryMiddleware(RequestDelegate next, IOptions<GatewayLimitsOptions> limits, TimeProvider clock)
{
    public const string RequestIdHeader = "x-request-id";

    private readonly GatewayLimitsOptions _limits = limits.Value;

    public Task InvokeAsync(HttpContext context)
    {
        if (!GatewayPaths.IsGatewayPath(context.Request.Path.Value, out var wellFormed))
        {
            return next(context);
        }

        context.TraceIdentifier = RequestId.New(clock.GetUtcNow());
        // OnStarting survives the response resets between attempts, and overrides the backend's own request id.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);

        if (RequestHeadLimits.Check(context, _limits) is { } refusal)
        {
            return GatewayErrorWriter.WriteAsync(context, refusal);
        }

        if (!wellFormed)
        {
            return GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status404NotFound,
                $"The gateway does not serve '{context.Request.Path}': the path starts with an empty segment. Remove the extra '/' (often a trailing '/' on the endpoint the client was given).",
                "invalid_request_error",
                "unknown_url"));
        }

        return next(context);
    }
}
