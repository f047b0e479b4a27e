using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>A run on a thread: queued at creation, in progress after, completed (message and usage) once due.</summary>
internal sealed class StoredRun(string id, string threadId, string deployment, JsonObject body, DateTimeOffset created, DateTimeOffset due) : IStoredObject
{
    public string Id { get; } = id;

    public string ThreadId { get; } = threadId;

    public string Deployment { get; } = deployment;

    public JsonObject Body { get; } = body;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Due { get; } = due;

    public required int PromptTokens { get; init; }

    public required int CompletionTokens { get; init; }

    public string Status => Body["status"]!.GetValue<string>();

    public bool Finished => Status is "completed" or "cancelled" or "failed" or "expired";
}
