using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>An uploaded (or generated) file: its object and its bytes.</summary>
internal sealed class StoredFile(string id, string purpose, byte[] content, JsonObject body) : IStoredObject
{
    public string Id { get; } = id;

    public string Purpose { get; } = purpose;

    /// <summary>Never changed once stored, so it may be read outside the store's lock.</summary>
    public byte[] Content { get; } = content;

    public JsonObject Body { get; } = body;
}
