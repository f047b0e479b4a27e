using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>A conversation: its object and its items, oldest first.</summary>
internal sealed class StoredConversation(string id, JsonObject body) : IStoredObject
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    public List<JsonObject> Items { get; } = [];

    /// <summary>Tokens the items hold: what a response in this conversation is charged on top of its own input.</summary>
    public int Tokens { get; set; }

    public void Append(IEnumerable<JsonObject> items, int tokens)
    {
        foreach (var item in items)
        {
            Items.Add((JsonObject)item.DeepClone());
        }

        Tokens += tokens;
    }
}
