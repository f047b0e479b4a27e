using AiGateway.Gateway.Context;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// Wraps the rest of a gateway model request in its span (<see cref="RequestSpan"/>), which ends when the request
/// does, after a stream's last byte, settlement and metering; and tells the client its trace id in
/// <c>x-trace-id</c> when the trace is recorded, beside the request id it already gets.
/// </summary>
/// <remarks>
/// The request id stays the gateway's own (unique per request, sortable by time): a caller's trace often holds many
/// requests to the gateway, so a trace id cannot stand for one of them. The span carries the request id
/// (<c>aigw.request_id</c>), so either id finds the other.
/// </remarks>
public sealed class RequestTracingMiddleware(RequestDelegate next)
{
    public const string TraceIdHeader = "x-trace-id";

    // The span starts inside an async method: it becomes Activity.Current for the steps behind this one, and the
    // async method's end gives the callers back their own current activity, not this span, stopped.
    public Task InvokeAsync(HttpContext context) => GatewayActivities.Source.HasListeners() ? TraceAsync(context) : next(context);

    private async Task TraceAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        if (RequestSpan.Start(context, gateway) is not { } activity)
        {
            await next(context);
            return;
        }

        if (activity.Recorded)
        {
            var traceId = activity.TraceId.ToHexString();
            // OnStarting survives the response resets between attempts.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[TraceIdHeader] = traceId;
                return Task.CompletedTask;
            });
        }

        Exception? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            RequestSpan.End(activity, context, gateway, failure);
        }
    }
}
