using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>
/// A stored response. A background one is served as queued, then in progress, and becomes <see cref="Final"/>
/// (output and usage) once its job time has passed; its conversation, if any, gets the items at that moment.
/// </summary>
internal sealed class StoredResponse(string id, string deployment, JsonObject body, JsonObject final, DateTimeOffset created, DateTimeOffset due) : IStoredObject
{
    public string Id { get; } = id;

    /// <summary>The deployment that answered; its limits and faults apply to later calls about this response.</summary>
    public string Deployment { get; } = deployment;

    /// <summary>The object as served now.</summary>
    public JsonObject Body { get; private set; } = body;

    /// <summary>The object as it is when done.</summary>
    public JsonObject Final { get; } = final;

    public bool Background { get; init; }

    /// <summary>The input items of this turn, with their ids, oldest first.</summary>
    public required List<JsonObject> InputItems { get; init; }

    /// <summary>Tokens the whole chain up to and including this answer holds: what a continuation is charged as input.</summary>
    public int ContextTokens { get; init; }

    /// <summary>Tokens of this turn alone (its own input and output), added to a conversation.</summary>
    public int TurnTokens { get; init; }

    public string? ConversationId { get; init; }

    public bool Finished { get; private set; } = !(body["status"]?.GetValue<string>() is "queued" or "in_progress");

    /// <summary>Moves a background response along the clock; true when it has just completed.</summary>
    public bool Refresh(DateTimeOffset now)
    {
        if (Finished)
        {
            return false;
        }

        switch (JobClock.PhaseOf(created, due, now))
        {
            case JobPhase.Done:
                Body = Final;
                Finished = true;
                return true;
            case JobPhase.Running:
                Body["status"] = "in_progress";
                return false;
            default:
                return false;
        }
    }

    public void Cancel()
    {
        Body["status"] = "cancelled";
        Finished = true;
    }

    /// <summary>The items a conversation receives for this turn: its input, then the answer.</summary>
    public IEnumerable<JsonObject> ConversationItems() =>
        InputItems.Concat(Final["output"]!.AsArray().OfType<JsonObject>());
}
