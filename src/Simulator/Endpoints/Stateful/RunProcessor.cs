using System.Text.Json.Nodes;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State.Stateful;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Moves runs along the clock (call under the store's lock): queued at creation, in progress after, and once due
/// completed with usage, the assistant's answer added to the thread.
/// </summary>
internal sealed class RunProcessor(StatefulStore store, FillerText filler)
{
    public void RefreshThread(string threadId)
    {
        foreach (var run in store.Runs.All.Where(r => r.ThreadId == threadId))
        {
            Refresh(run);
        }
    }

    public void Refresh(StoredRun run)
    {
        if (run.Finished)
        {
            return;
        }

        var now = store.Now;
        var at = now.ToUnixTimeSeconds();
        switch (JobClock.PhaseOf(run.Created, run.Due, now))
        {
            case JobPhase.Running when run.Status == "queued":
                run.Body["status"] = "in_progress";
                run.Body["started_at"] = at;
                break;
            case JobPhase.Done:
                run.Body["status"] = "completed";
                run.Body["started_at"] ??= at;
                run.Body["completed_at"] = at;
                run.Body["expires_at"] = null;
                run.Body["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = run.PromptTokens,
                    ["completion_tokens"] = run.CompletionTokens,
                    ["total_tokens"] = run.PromptTokens + run.CompletionTokens,
                };
                store.Threads.Find(run.ThreadId)?.Messages.Add(ThreadMessages.Create(store, run.ThreadId, "assistant",
                    [ThreadMessages.TextPart(filler.Text(0, run.CompletionTokens))], (string?)run.Body["assistant_id"], run.Id));
                break;
        }
    }
}
