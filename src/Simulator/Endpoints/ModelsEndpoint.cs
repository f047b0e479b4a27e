using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Simulator.Endpoints;

/// <summary><c>GET /v1/models</c>: the deployments, by the names clients put in <c>model</c>.</summary>
internal sealed class ModelsEndpoint(SimulatorState state, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Json.ContentType;
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var w = Json.CreateWriter(context);
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var (name, deployment) in state.Deployments.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("id", name);
            w.WriteString("object", "model");
            w.WriteNumber("created", created);
            w.WriteString("owned_by", "system");
            w.WriteString("model", deployment.Settings.ResponseModel);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await Json.CompleteAsync(context, w);
    }
}
