using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The step that counts every request on the model path, right after the request gets its context, so refusals of
/// every later step (credentials, alias, body, quota) are counted as well as the answers backends gave. It only
/// works out the status the request ended with; <see cref="RequestMetricsRecorder"/> records it.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, RequestMetricsRecorder recorder)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Nobody listening (no exporter configured): the step passes straight through, without an async frame of its own.
        return recorder.Enabled ? MeasureAsync(context) : next(context);
    }

    private async Task MeasureAsync(HttpContext context)
    {
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var gateway = context.Gateway();
            recorder.Record(gateway, StatusOf(context, gateway, failed), context.RequestAborted.IsCancellationRequested);
        }
    }

    /// <summary>
    /// A stream cut after it started went out as 200 but failed (502, as its usage record counts it); any other
    /// exception is a fault of the gateway's, the exception handler's 500.
    /// </summary>
    private static int StatusOf(HttpContext context, GatewayRequestContext gateway, bool failed)
    {
        if (gateway.Outcome is { Result: AttemptResult.Cut })
        {
            return StatusCodes.Status502BadGateway;
        }

        if (failed)
        {
            return StatusCodes.Status500InternalServerError;
        }

        return context.Response.StatusCode;
    }
}
