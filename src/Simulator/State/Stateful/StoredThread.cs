using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>A thread and its messages, oldest first.</summary>
internal sealed class StoredThread(string id, JsonObject body) : IStoredObject
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    public List<JsonObject> Messages { get; } = [];
}
