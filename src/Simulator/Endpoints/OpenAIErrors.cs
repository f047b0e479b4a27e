using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints;

/// <summary>Error bodies in the OpenAI/Azure shape, the only one SDKs parse.</summary>
internal static class OpenAIErrors
{
    public const string InvalidKeyMessage =
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an " +
        "active subscription and use a correct regional API endpoint for your resource.";

    public const string MalformedJsonMessage =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
        "correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.";

    /// <summary><c>{"error":{"code":..,"message":..}}</c>, as Azure's API management layer answers.</summary>
    public static Task WriteAzureAsync(HttpContext context, int status, string code, string message)
    {
        var writer = Begin(context, status);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return EndAsync(context, writer);
    }

    /// <summary><c>{"error":{"message","type","param","code"}}</c>, as the model service answers.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string? type, string? param, string? code)
    {
        var writer = Begin(context, status);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        writer.WriteString("param", param);
        writer.WriteString("code", code);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return EndAsync(context, writer);
    }

    public static Task WriteInvalidRequestAsync(HttpContext context, string message, string? param, string? code = "invalid_value") =>
        WriteAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static Task WriteUnauthorizedAsync(HttpContext context) =>
        WriteAzureAsync(context, StatusCodes.Status401Unauthorized, "401", InvalidKeyMessage);

    public static Task WriteDeploymentNotFoundAsync(HttpContext context, string deployment, bool azure)
    {
        if (azure)
        {
            var writer = Begin(context, StatusCodes.Status404NotFound);
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", "DeploymentNotFound");
            writer.WriteString("message", "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.");
            writer.WriteString("type", "invalid_request_error");
            writer.WriteEndObject();
            writer.WriteEndObject();
            return EndAsync(context, writer);
        }

        return WriteAsync(context, StatusCodes.Status404NotFound,
            $"The model `{deployment}` does not exist or you do not have access to it.", "invalid_request_error", null, "model_not_found");
    }

    /// <summary>Azure's 429, with the wording that names which limit was hit and when to come back.</summary>
    public static Task WriteThrottledAsync(HttpContext context, string operation, bool tokenLimit, int retryAfterSeconds)
    {
        var limit = tokenLimit ? "token rate limit" : "call rate limit";
        var message =
            $"Requests to the {operation} Operation under Azure OpenAI API version {ApiVersionOf(context)} have exceeded {limit} " +
            $"of your current OpenAI S0 pricing tier. Please retry after {retryAfterSeconds} seconds. Please go here: " +
            "https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.";
        return WriteAzureAsync(context, StatusCodes.Status429TooManyRequests, "429", message);
    }

    public static Task WriteServerErrorAsync(HttpContext context, int status, string requestId) => status == StatusCodes.Status503ServiceUnavailable
        ? WriteAsync(context, status, "The service is temporarily unable to process your request. Please try again later.", "server_error", null, "ServiceUnavailable")
        : WriteAsync(context, status,
            "The server had an error processing your request. Sorry about that! You can retry your request, or contact us through an " +
            $"Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if you keep seeing this error. (Please include the request ID {requestId} in your email.)",
            "server_error", null, null);

    /// <summary>Azure's answer when the prompt trips the content filter.</summary>
    public static Task WriteContentFilteredAsync(HttpContext context)
    {
        var writer = Begin(context, StatusCodes.Status400BadRequest);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message",
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your " +
            "prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766");
        writer.WriteNull("type");
        writer.WriteString("param", "prompt");
        writer.WriteString("code", "content_filter");
        writer.WriteNumber("status", 400);
        writer.WriteStartObject("innererror");
        writer.WriteString("code", "ResponsibleAIPolicyViolation");
        writer.WritePropertyName("content_filter_result");
        ContentFilterJson.WriteCategories(writer, prompt: true, flagViolence: true);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        return EndAsync(context, writer);
    }

    private static string ApiVersionOf(HttpContext context) =>
        context.Request.Query["api-version"] is { Count: > 0 } version ? version.ToString() : "v1";

    private static Utf8JsonWriter Begin(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = Json.ContentType;
        return Json.CreateWriter(context);
    }

    private static Task EndAsync(HttpContext context, Utf8JsonWriter writer) => Json.CompleteAsync(context, writer);
}
