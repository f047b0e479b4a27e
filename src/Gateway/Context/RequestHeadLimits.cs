using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Gateway.Context;

/// <summary>Checks a request's head against <see cref="GatewayLimitsOptions"/>, measured as Kestrel measures it.</summary>
public static class RequestHeadLimits
{
    /// <summary>The refusal for a request head over the limits, or null when it is within them.</summary>
    public static GatewayError? Check(HttpContext context, GatewayLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        // "METHOD SP target SP protocol CRLF"
        var line = request.Method.Length + target.Length + request.Protocol.Length + 4;
        if (line > limits.MaxRequestLineBytes)
        {
            return Refuse(StatusCodes.Status414UriTooLong, "request_line_too_long", $"The request line is {line} bytes; the gateway takes at most {limits.MaxRequestLineBytes}.");
        }

        var count = 0;
        long bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                // "name: value CRLF"
                bytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        if (count > limits.MaxRequestHeaderCount)
        {
            return Refuse(StatusCodes.Status431RequestHeaderFieldsTooLarge, "too_many_request_headers", $"The request has {count} headers; the gateway takes at most {limits.MaxRequestHeaderCount}.");
        }

        if (bytes > limits.MaxRequestHeadersBytes)
        {
            return Refuse(StatusCodes.Status431RequestHeaderFieldsTooLarge, "request_headers_too_large", $"The request's headers are {bytes} bytes; the gateway takes at most {limits.MaxRequestHeadersBytes}.");
        }

        return null;
    }

    private static GatewayError Refuse(int status, string code, string message) => new(status, message, "invalid_request_error", code);
}
