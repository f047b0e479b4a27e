using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>An assistant (Assistants API v2).</summary>
internal sealed class StoredAssistant(string id, JsonObject body) : IStoredObject
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    /// <summary>The deployment (or model) runs of this assistant use.</summary>
    public string Model => Body["model"]!.GetValue<string>();
}
