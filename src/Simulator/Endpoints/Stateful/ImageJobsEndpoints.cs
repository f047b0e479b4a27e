using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Azure's asynchronous image generation (the DALL-E 2 era API): submit answers 202 with an
/// <c>operation-location</c> to poll; the operation is notRunning, then running, then succeeded with image URLs.
/// </summary>
internal sealed class ImageJobsEndpoints(StatefulGate gate, StatefulStore store)
{
    private const string SubmitPath = "/openai/images/generations:submit";

    public async Task SubmitAsync(HttpContext context)
    {
        if (await StatefulJson.ReadObjectAsync(context) is not { } body
            || await StatefulJson.StringAsync(context, body, "prompt", required: true) is not (true, { } prompt))
        {
            return;
        }

        var images = 1;
        if (body["n"] is { } n && (n.GetValueKind() != JsonValueKind.Number || !n.AsValue().TryGetValue(out images) || images is < 1 or > 10))
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid 'n': expected an integer between 1 and 10.", "n", "integer_out_of_range");
            return;
        }

        if (prompt.Length == 0)
        {
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid 'prompt': expected a non-empty string.", "prompt");
            return;
        }

        if (!await gate.AdmitAsync(context, "ImageGenerations_Submit"))
        {
            return;
        }

        var now = store.Now;
        var id = store.NewGuidId();
        var job = new StoredImageJob(id, new JsonObject
        {
            ["created"] = now.ToUnixTimeSeconds(),
            ["id"] = id,
            ["status"] = "notRunning",
        }, images, now, now + store.JobDuration);

        lock (store.Gate)
        {
            store.ImageJobs.Add(job);
        }

        // The operation lives beside the submit path, under whatever prefix the simulator is mapped at.
        var request = context.Request;
        var path = request.PathBase + request.Path;
        var prefix = path.Value!.EndsWith(SubmitPath, StringComparison.OrdinalIgnoreCase) ? path.Value[..^SubmitPath.Length] : "";
        context.Response.Headers["operation-location"] =
            $"{request.Scheme}://{request.Host}{prefix}/openai/operations/images/{id}?api-version={Uri.EscapeDataString(request.Query["api-version"].ToString())}";
        await StatefulJson.WriteAsync(context, new JsonObject { ["id"] = id, ["status"] = "notRunning" }, StatusCodes.Status202Accepted);
    }

    public async Task GetAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "ImageGenerations_GetOperation"))
        {
            return;
        }

        JsonObject? body = null;
        lock (store.Gate)
        {
            if (store.ImageJobs.Find(id) is { } job)
            {
                job.Refresh(store.Now);
                body = (JsonObject)job.Body.DeepClone();
                if ((string?)body["status"] == "succeeded")
                {
                    body["expires"] = (long)body["created"]! + (long)TimeSpan.FromDays(1).TotalSeconds;
                }
            }
        }

        await (body is null ? NotFoundAsync(context, id) : StatefulJson.WriteAsync(context, body));
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var id = context.Route("id");
        if (!await gate.AdmitAsync(context, "ImageGenerations_DeleteOperation"))
        {
            return;
        }

        StoredImageJob? removed;
        lock (store.Gate)
        {
            removed = store.ImageJobs.Remove(id);
        }

        if (removed is null)
        {
            await NotFoundAsync(context, id);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static Task NotFoundAsync(HttpContext context, string id) =>
        OpenAIErrors.WriteAzureAsync(context, StatusCodes.Status404NotFound, "NotFound", $"The operation '{id}' was not found.");
}
