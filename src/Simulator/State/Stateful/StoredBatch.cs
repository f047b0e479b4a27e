using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>A batch: validating at creation, in progress after, completed (with its output file) once due.</summary>
internal sealed class StoredBatch(string id, JsonObject body, IReadOnlyList<string> lines, DateTimeOffset created, DateTimeOffset due) : IStoredObject
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    /// <summary>The input file's lines, read when the batch was created (the file may be deleted meanwhile).</summary>
    public IReadOnlyList<string> Lines { get; } = lines;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Due { get; } = due;

    public string Status => Body["status"]!.GetValue<string>();

    public bool Finished => Status is "completed" or "cancelled" or "failed" or "expired";
}
