using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>Reading and writing the JSON of stateful calls.</summary>
internal static class StatefulJson
{
    /// <summary>
    /// Writes <paramref name="body"/>. Callers pass a copy taken under the store's lock (or a fresh object), never a
    /// stored object that another request may be changing.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, JsonNode body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = Json.ContentType;
        var writer = Json.CreateWriter(context);
        body.WriteTo(writer);
        await Json.CompleteAsync(context, writer);
    }

    /// <summary>
    /// The request's JSON object; an empty object when there is no body (cancel, create-empty calls). Null, with
    /// a 400 written, when the body is not a JSON object.
    /// </summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        var detection = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>();
        if (detection is { CanHaveBody: false } || context.Request.ContentLength == 0)
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException exception)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context,
                $"{OpenAIErrors.MalformedJsonMessage} Parser error at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}.)", null, null);
            return null;
        }

        if (node is JsonObject body)
        {
            return body;
        }

        await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid type for body: expected a JSON object.", null, "invalid_type");
        return null;
    }

    /// <summary>An optional string field; false (400 written) when present with another type.</summary>
    public static async Task<(bool Ok, string? Value)> StringAsync(HttpContext context, JsonObject body, string name, bool required = false)
    {
        var node = body[name];
        if (node is null)
        {
            if (required)
            {
                await OpenAIErrors.WriteInvalidRequestAsync(context, $"Missing required parameter: '{name}'.", name, "missing_required_parameter");
                return (false, null);
            }

            return (true, null);
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            return (true, node.GetValue<string>());
        }

        await OpenAIErrors.WriteInvalidRequestAsync(context, $"Invalid type for '{name}': expected a string.", name, "invalid_type");
        return (false, null);
    }

    /// <summary>An optional <c>metadata</c> object (string values), copied; false (400 written) when malformed.</summary>
    public static async Task<(bool Ok, JsonObject? Value)> MetadataAsync(HttpContext context, JsonObject body)
    {
        var node = body["metadata"];
        if (node is null)
        {
            return (true, null);
        }

        if (node is JsonObject metadata && metadata.Count <= 16 && metadata.All(p => p.Value?.GetValueKind() == JsonValueKind.String))
        {
            return (true, (JsonObject)metadata.DeepClone());
        }

        await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid 'metadata': expected an object of at most 16 string values.", "metadata", "invalid_type");
        return (false, null);
    }

    public static Task NotFoundAsync(HttpContext context, string message) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, message, "invalid_request_error", null, null);

    public static string Route(this HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    public static JsonObject Deleted(string id, string objectName) => new()
    {
        ["id"] = id,
        ["object"] = objectName,
        ["deleted"] = true,
    };
}
