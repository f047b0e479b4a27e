namespace AiGateway.Simulator.State.Stateful;

/// <summary>
/// Where a simulated job stands, read from the injected clock whenever the job is looked at: queued at the moment
/// it was created, in progress after that, done once <c>Stateful:JobSeconds</c> have passed. No timers run, so a
/// test that advances a fake clock sees every step.
/// </summary>
internal enum JobPhase
{
    Queued,
    Running,
    Done,
}
