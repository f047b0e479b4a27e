using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>One file in a vector store.</summary>
internal sealed class VectorStoreFile(string fileId, long bytes, JsonObject body, DateTimeOffset created, DateTimeOffset due)
{
    public string FileId { get; } = fileId;

    public long Bytes { get; } = bytes;

    public JsonObject Body { get; } = body;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Due { get; } = due;
}
