using System.Text.Json.Nodes;

namespace AiGateway.Simulator.State.Stateful;

/// <summary>A vector store and its files; each file is in progress until its job time has passed.</summary>
internal sealed class StoredVectorStore(string id, JsonObject body) : IStoredObject
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    /// <summary>Oldest first.</summary>
    public List<VectorStoreFile> Files { get; } = [];

    public void Refresh(DateTimeOffset now)
    {
        int inProgress = 0, completed = 0;
        long bytes = 0;
        foreach (var file in Files)
        {
            if (JobClock.PhaseOf(file.Created, file.Due, now) == JobPhase.Done)
            {
                file.Body["status"] = "completed";
                file.Body["usage_bytes"] = file.Bytes;
                completed++;
                bytes += file.Bytes;
            }
            else
            {
                inProgress++;
            }
        }

        Body["usage_bytes"] = bytes;
        Body["status"] = inProgress > 0 ? "in_progress" : "completed";
        Body["file_counts"] = new JsonObject
        {
            ["in_progress"] = inProgress,
            ["completed"] = completed,
            ["failed"] = 0,
            ["cancelled"] = 0,
            ["total"] = inProgress + completed,
        };
    }
}
