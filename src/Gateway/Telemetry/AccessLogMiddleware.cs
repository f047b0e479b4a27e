using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// Writes the <see cref="AccessLog"/> line of each gateway model request once everything behind this step has
/// finished with it: forwarding (to a stream's end), quota settlement and metering.
/// </summary>
public sealed class AccessLogMiddleware(RequestDelegate next, AccessLog accessLog)
{
    public Task InvokeAsync(HttpContext context) => accessLog.IsEnabled ? LogAsync(context) : next(context);

    private async Task LogAsync(HttpContext context)
    {
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
            accessLog.Write(context, failure);
        }
    }
}
