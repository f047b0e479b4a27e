using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Errors;

/// <summary>Writes a <see cref="GatewayError"/> as the OpenAI error body with the headers SDKs act on.</summary>
public static class GatewayErrorWriter
{
    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        response.Headers["x-should-retry"] = error.ShouldRetry ? "true" : "false";
        if (error.RetryAfter is { } retryAfter)
        {
            var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
            response.Headers.RetryAfter = ((milliseconds + 999) / 1000).ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        }

        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", error.Type);
        WriteNullable(writer, "param", error.Param);
        WriteNullable(writer, "code", error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
