namespace AiGateway.Simulator.State.Stateful;

/// <summary>Reads a job's phase from the clock.</summary>
internal static class JobClock
{
    public static JobPhase PhaseOf(DateTimeOffset created, DateTimeOffset due, DateTimeOffset now) =>
        now >= due ? JobPhase.Done : now > created ? JobPhase.Running : JobPhase.Queued;
}
