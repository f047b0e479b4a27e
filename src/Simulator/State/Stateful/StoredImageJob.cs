using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>An Azure image generation operation: notRunning, running, then succeeded with its result.</summary>
internal sealed class StoredImageJob(string id, JsonObject body, int images, DateTimeOffset created, DateTimeOffset due) : IStoredObject
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    public int Images { get; } = images;

    public void Refresh(DateTimeOffset now)
    {
        if (Body["status"]!.GetValue<string>() == "succeeded")
        {
            return;
        }

        switch (JobClock.PhaseOf(created, due, now))
        {
            case JobPhase.Running:
                Body["status"] = "running";
                break;
            case JobPhase.Done:
                var data = new JsonArray();
                for (var i = 0; i < Images; i++)
                {
                    data.Add(new JsonObject { ["url"] = $"https://simulator.invalid/images/{Id}/generated_{i:00}.png" });
                }

                Body["status"] = "succeeded";
                Body["result"] = new JsonObject { ["created"] = now.ToUnixTimeSeconds(), ["data"] = data };
                break;
        }
    }
}
