using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// The Vector Stores API. Files must be files of this simulator; each is in progress until the job time has
/// passed. Search returns the completed files whose text contains words of the query.
/// </summary>
internal sealed class VectorStoresEndpoints(StatefulGate gate, StatefulStore store)
{
    public async Task CreateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "name") is not (true, var name)
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata)
            || await FileIdsAsync(context, body) is not (true, var fileIds)
            || !await gate.AdmitAsync(context, "VectorStores_Create"))
        {
            return;
        }

        var now = store.Now;
        var id = store.NewId("vs_", 24);
        var vectorStore = new StoredVectorStore(id, new JsonObject
        {
            ["id"] = id,
            ["object"] = "vector_store",
            ["created_at"] = now.ToUnixTimeSeconds(),
            ["name"] = name,
            ["usage_bytes"] = 0,
            ["file_counts"] = null,
            ["status"] = "completed",
            ["expires_after"] = body["expires_after"]?.DeepClone(),
            ["expires_at"] = null,
            ["last_active_at"] = now.ToUnixTimeSeconds(),
            ["metadata"] = metadata ?? [],
        });

        string? missing = null;
        JsonObject? answer = null;
        lock (store.Gate)
        {
            foreach (var fileId in fileIds ?? [])
            {
                if (store.Files.Find(fileId) is not { } file)
                {
                    missing = fileId;
                    break;
                }

                Attach(vectorStore, file);
            }

            if (missing is null)
            {
                vectorStore.Refresh(now);
                store.VectorStores.Add(vectorStore);
                answer = (JsonObject)vectorStore.Body.DeepClone();
            }
        }

        await (answer is null ? FilesEndpoints.NotFoundAsync(context, missing!) : StatefulJson.WriteAsync(context, answer));
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is not { } query || !await gate.AdmitAsync(context, "VectorStores_List"))
        {
            return;
        }

        JsonObject page;
        lock (store.Gate)
        {
            foreach (var vectorStore in store.VectorStores.All)
            {
                vectorStore.Refresh(store.Now);
            }

            page = query.Page(store.VectorStores.All, v => v.Body);
        }

        await StatefulJson.WriteAsync(context, page);
    }

    public Task GetAsync(HttpContext context) => WithStoreAsync(context, "VectorStores_Get", v => v.Body.DeepClone());

    public async Task UpdateAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "name") is not (true, var name)
            || await StatefulJson.MetadataAsync(context, body) is not (true, var metadata))
        {
            return;
        }

        await WithStoreAsync(context, "VectorStores_Modify", v =>
        {
            if (name is not null)
            {
                v.Body["name"] = name;
            }

            if (metadata is not null)
            {
                v.Body["metadata"] = metadata;
            }

            return v.Body.DeepClone();
        });
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "VectorStores_Delete"))
        {
            return;
        }

        StoredVectorStore? removed;
        lock (store.Gate)
        {
            removed = store.VectorStores.Remove(id);
        }

        await (removed is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, StatefulJson.Deleted(id, "vector_store.deleted")));
    }

    public async Task AddFileAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "file_id", required: true) is not (true, { } fileId))
        {
            return;
        }

        var missingFile = false;
        await WithStoreAsync(context, "VectorStoreFiles_Create", v =>
        {
            if (store.Files.Find(fileId) is not { } file)
            {
                missingFile = true;
                return null;
            }

            var attached = v.Files.Find(f => f.FileId == fileId) ?? Attach(v, file);
            v.Refresh(store.Now);
            return attached.Body.DeepClone();
        }, () => missingFile ? FilesEndpoints.NotFoundAsync(context, fileId) : Task.CompletedTask);
    }

    public async Task ListFilesAsync(HttpContext context)
    {
        if (await ListQuery.ParseAsync(context) is { } query)
        {
            var filter = context.Request.Query["filter"].ToString();
            await WithStoreAsync(context, "VectorStoreFiles_List",
                v => query.Page(v.Files.Where(f => filter.Length == 0 || (string?)f.Body["status"] == filter), f => f.Body));
        }
    }

    public Task GetFileAsync(HttpContext context)
    {
        var fileId = context.Route("file_id");
        return WithStoreAsync(context, "VectorStoreFiles_Get", v => v.Files.Find(f => f.FileId == fileId)?.Body.DeepClone(),
            () => StatefulJson.NotFoundAsync(context, $"No file found with id '{fileId}' in vector store '{context.Route("id")}'."));
    }

    public Task DeleteFileAsync(HttpContext context)
    {
        var fileId = context.Route("file_id");
        return WithStoreAsync(context, "VectorStoreFiles_Delete",
            v => v.Files.RemoveAll(f => f.FileId == fileId) > 0 ? StatefulJson.Deleted(fileId, "vector_store.file.deleted") : null,
            () => StatefulJson.NotFoundAsync(context, $"No file found with id '{fileId}' in vector store '{context.Route("id")}'."));
    }

    public async Task SearchAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "query", required: true) is not (true, { } query))
        {
            return;
        }

        await WithStoreAsync(context, "VectorStores_Search", v => VectorSearch.Run(store, v, query));
    }

    private VectorStoreFile Attach(StoredVectorStore vectorStore, StoredFile file)
    {
        var now = store.Now;
        var attached = new VectorStoreFile(file.Id, file.Content.Length, new JsonObject
        {
            ["id"] = file.Id,
            ["object"] = "vector_store.file",
            ["usage_bytes"] = 0,
            ["created_at"] = now.ToUnixTimeSeconds(),
            ["vector_store_id"] = vectorStore.Id,
            ["status"] = "in_progress",
            ["last_error"] = null,
            ["chunking_strategy"] = new JsonObject
            {
                ["type"] = "static",
                ["static"] = new JsonObject { ["max_chunk_size_tokens"] = 800, ["chunk_overlap_tokens"] = 400 },
            },
            ["attributes"] = new JsonObject(),
        }, now, now + store.JobDuration);
        vectorStore.Files.Add(attached);
        return attached;
    }

    /// <summary>Admits the call, finds the vector store (moved along the clock) and answers what <paramref name="act"/> returns.</summary>
    private async Task WithStoreAsync(HttpContext context, string operation, Func<StoredVectorStore, JsonNode?> act, Func<Task>? missing = null)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, operation))
        {
            return;
        }

        JsonNode? answer = null;
        bool found;
        lock (store.Gate)
        {
            var vectorStore = store.VectorStores.Find(id);
            found = vectorStore is not null;
            if (vectorStore is not null)
            {
                vectorStore.Refresh(store.Now);
                answer = act(vectorStore);
            }
        }

        if (!found)
        {
            await NotFoundAsync(context, id);
        }
        else if (answer is null)
        {
            await (missing ?? (() => Task.CompletedTask))();
        }
        else
        {
            await StatefulJson.WriteAsync(context, answer);
        }
    }

    private static async Task<(bool Ok, List<string>? Ids)> FileIdsAsync(HttpContext context, JsonObject body)
    {
        if (body["file_ids"] is null)
        {
            return (true, null);
        }

        if (body["file_ids"] is JsonArray array && array.All(i => i is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            return (true, [.. array.Select(i => i!.GetValue<string>())]);
        }

        await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid 'file_ids': expected an array of file ids.", "file_ids", "invalid_type");
        return (false, null);
    }

    private static Task NotFoundAsync(HttpContext context, string id) =>
        StatefulJson.NotFoundAsync(context, $"No vector store found with id '{id}'.");
}
