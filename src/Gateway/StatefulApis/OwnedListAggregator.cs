using System.Text.Json;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Answers a list (<c>GET /files</c>, <c>/vector_stores</c>, <c>/batches</c>, <c>/assistants</c>): asks every backend
/// behind the aliases the caller may use, with the client's query, and keeps only the items the caller owns. The
/// backends share credentials across teams, so their own lists hold every team's objects; an item the gateway has no
/// owner for (created around it) is never shown.
/// </summary>
public sealed class OwnedListAggregator(OwnershipDirectory owners, StatefulForwarder forwarder, BackendTokenCache tokens, StatefulMetering metering)
{
    public async Task AnswerAsync(HttpContext context, StatefulOperation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(operation);
        var gateway = context.Gateway();
        var items = new List<JsonElement>();
        // Two backends may be one server under two names; an item is listed once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var answered = 0;
        var documents = new List<JsonDocument>();
        try
        {
            foreach (var backend in BackendsOf(gateway))
            {
                var document = await FetchAsync(context, backend, operation);
                if (document is null)
                {
                    continue;
                }

                answered++;
                documents.Add(document);
                if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in data.EnumerateArray())
                    {
                        if (item.TryGetProperty("id", out var id) && id.GetString() is { } objectId && seen.Add(objectId)
                            && await owners.FindForAsync(objectId, gateway.Caller, context.RequestAborted) is not null)
                        {
                            items.Add(item);
                        }
                    }
                }
            }

            if (answered == 0 && BackendsOf(gateway).Any())
            {
                await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerUnavailable(StatefulErrors.DefaultOwnerRetry));
                return;
            }

            metering.RecordCall(gateway, operation, null, null, StatusCodes.Status200OK);
            await WriteAsync(context, items);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static IEnumerable<BackendEntry> BackendsOf(GatewayRequestContext gateway) =>
        gateway.Snapshot.Aliases.Values
            .Where(a => gateway.Caller.MayUse(a.Name))
            .SelectMany(a => a.Targets)
            .Select(t => t.Backend)
            .DistinctBy(b => b.Id)
            .OrderBy(b => b.Name, StringComparer.Ordinal);

    private async Task<JsonDocument?> FetchAsync(HttpContext context, BackendEntry backend, StatefulOperation operation)
    {
        var url = StatefulBackendUrl.Build(forwarder.BaseOf(backend), backend, context.Gateway().Surface, operation.Path, context.Request.Query);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        try
        {
            await BackendCredentials.ApplyAsync(request, backend, tokens, context.RequestAborted);
            using var response = await forwarder.Client.SendAsync(request, context.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            return await JsonDocument.ParseAsync(body, default, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, List<JsonElement> items)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var item in items)
        {
            item.WriteTo(writer);
        }

        writer.WriteEndArray();
        if (items.Count > 0)
        {
            writer.WriteString("first_id", items[0].GetProperty("id").GetString());
            writer.WriteString("last_id", items[^1].GetProperty("id").GetString());
        }

        writer.WriteBoolean("has_more", false);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
