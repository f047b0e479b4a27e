using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>The Files API: upload (multipart, streamed), list, retrieve, content and delete.</summary>
internal sealed class FilesEndpoints(StatefulGate gate, StatefulStore store)
{
    private static readonly string[] Purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

    public async Task UploadAsync(HttpContext context)
    {
        if (!await gate.AdmitAsync(context, "Files_Upload"))
        {
            return;
        }

        var upload = await FileUpload.ReadAsync(context, store.Settings.MaxFileBytes);
        if (upload.Status != 0)
        {
            await OpenAIErrors.WriteAsync(context, upload.Status, upload.Message!, "invalid_request_error", upload.Param,
                upload.Status == StatusCodes.Status413PayloadTooLarge ? "file_too_large" : null);
            return;
        }

        if (!upload.Fields.TryGetValue("purpose", out var purpose))
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter");
            return;
        }

        if (!Purposes.Contains(purpose))
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context,
                $"Invalid value for 'purpose': '{purpose}'. Expected one of {string.Join(", ", Purposes.Select(p => $"'{p}'"))}.", "purpose");
            return;
        }

        if (upload.Content is null)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Missing required parameter: 'file'.", "file", "missing_required_parameter");
            return;
        }

        var file = Create(store, purpose, upload.FileName!, upload.Content);
        JsonObject answer;
        lock (store.Gate)
        {
            store.AddFile(file);
            answer = (JsonObject)file.Body.DeepClone();
        }

        await StatefulJson.WriteAsync(context, answer);
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is not { } query || !await gate.AdmitAsync(context, "Files_List"))
        {
            return;
        }

        var purpose = context.Request.Query["purpose"].ToString();
        JsonObject page;
        lock (store.Gate)
        {
            page = query.Page(store.Files.All.Where(f => purpose.Length == 0 || f.Purpose == purpose), f => f.Body);
        }

        await StatefulJson.WriteAsync(context, page);
    }

    public async Task GetAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "Files_Get"))
        {
            return;
        }

        JsonObject? body;
        lock (store.Gate)
        {
            body = (JsonObject?)store.Files.Find(id)?.Body.DeepClone();
        }

        await (body is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, body));
    }

    public async Task ContentAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "Files_GetContent"))
        {
            return;
        }

        StoredFile? file;
        lock (store.Gate)
        {
            file = store.Files.Find(id);
        }

        if (file is null)
        {
            await NotFoundAsync(context, id);
            return;
        }

        // Stored bytes never change, so they are sent outside the lock.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Content.Length;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "Files_Delete"))
        {
            return;
        }

        StoredFile? removed;
        lock (store.Gate)
        {
            removed = store.RemoveFile(id);
        }

        await (removed is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, StatefulJson.Deleted(id, "file")));
    }

    /// <summary>A new file object (not yet stored).</summary>
    public static StoredFile Create(StatefulStore store, string purpose, string fileName, byte[] content)
    {
        var id = store.NewId("file-", 24);
        return new StoredFile(id, purpose, content, new JsonObject
        {
            ["id"] = id,
            ["object"] = "file",
            ["bytes"] = content.Length,
            ["created_at"] = store.Now.ToUnixTimeSeconds(),
            ["filename"] = fileName,
            ["purpose"] = purpose,
            ["status"] = "processed",
            ["status_details"] = null,
            ["expires_at"] = null,
        });
    }

    public static Task NotFoundAsync(HttpContext context, string id) =>
        StatefulJson.NotFoundAsync(context, $"No such File object: {id}");
}
