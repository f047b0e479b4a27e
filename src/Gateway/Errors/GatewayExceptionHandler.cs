using AiGateway.Gateway.Context;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Errors;

/// <summary>
/// Answers a fault no gateway step expected, on a gateway path, in the OpenAI error shape (SDKs parse no other),
/// naming the request id an operator can find in the log. The exception handler middleware calls it only while the
/// response has not started; a stream cut after that ends as a failed response instead.
/// </summary>
public sealed partial class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!GatewayPaths.IsGatewayPath(httpContext.Request.Path.Value, out _))
        {
            return false;
        }

        var requestId = httpContext.TraceIdentifier;
        GatewayError error;
        if (exception is BadHttpRequestException unreadable)
        {
            Log.Unreadable(logger, requestId, unreadable.StatusCode, unreadable.Message);
            error = new GatewayError(unreadable.StatusCode, $"The request could not be read: {unreadable.Message}", "invalid_request_error", "invalid_request");
        }
        else
        {
            Log.Unhandled(logger, requestId, exception);
            // The exception's own text stays in the log: it may describe the gateway's internals.
            error = new GatewayError(
                StatusCodes.Status500InternalServerError,
                $"The gateway failed to handle the request. Quote request id {requestId} to its operators.",
                "server_error",
                "internal_error");
        }

        await GatewayErrorWriter.WriteAsync(httpContext, error);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(800, LogLevel.Error, "Request {RequestId}: unhandled failure in the gateway")]
        public static partial void Unhandled(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(801, LogLevel.Information, "Request {RequestId}: the request could not be read ({Status}: {Reason})")]
        public static partial void Unreadable(ILogger logger, string requestId, int status, string reason);
    }
}
