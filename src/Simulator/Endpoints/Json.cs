using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints;

/// <summary>Writer settings for every answer body.</summary>
internal static class Json
{
    // Relaxed escaping keeps apostrophes and the like readable, as the real services send them; bodies are
    // served as application/json or text/event-stream, never embedded in HTML.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public const string ContentType = "application/json";

    /// <summary>A writer straight onto the response pipe: no intermediate buffer or string.</summary>
    public static Utf8JsonWriter CreateWriter(HttpContext context) => new(context.Response.BodyWriter, WriterOptions);

    /// <summary>Commits what the writer produced and sends it.</summary>
    public static async Task CompleteAsync(HttpContext context, Utf8JsonWriter writer)
    {
        writer.Flush();
        await writer.DisposeAsync();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
