using System.Text.Json;
using AiGateway.Gateway.Configuration;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Models;

/// <summary>Writes aliases as the model objects of OpenAI's or Azure OpenAI's models API.</summary>
public static class ModelListWriter
{
    /// <summary>
    /// OpenAI's value for models the platform itself provides (fine-tunes say <c>user-...</c>): an alias is published
    /// by the gateway's admins for every team that may use it, and tools that group models by owner treat it as such.
    /// </summary>
    public const string OwnedBy = "system";

    public static async Task WriteListAsync(HttpContext context, IReadOnlyList<AliasEntry> aliases, ModelApiShape shape)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(aliases);
        await using var writer = Start(context);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var alias in aliases)
        {
            WriteModel(writer, alias, shape);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteModelAsync(HttpContext context, AliasEntry alias, ModelApiShape shape)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(alias);
        await using var writer = Start(context);
        WriteModel(writer, alias, shape);
        await writer.FlushAsync(context.RequestAborted);
    }

    private static Utf8JsonWriter Start(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return new Utf8JsonWriter(context.Response.Body);
    }

    private static void WriteModel(Utf8JsonWriter writer, AliasEntry alias, ModelApiShape shape)
    {
        // Unix seconds; an alias stored before its creation time was recorded says the epoch rather than a negative time.
        var created = Math.Max(0, alias.CreatedAt.ToUnixTimeSeconds());
        writer.WriteStartObject();
        writer.WriteString("id", alias.Name);
        writer.WriteString("object", "model");
        if (shape == ModelApiShape.Azure)
        {
            writer.WriteNumber("created_at", created);
            // Azure lists what a resource can serve; an alias on the list can be called.
            writer.WriteString("status", "succeeded");
        }
        else
        {
            writer.WriteNumber("created", created);
            writer.WriteString("owned_by", OwnedBy);
        }

        writer.WriteEndObject();
    }
}
