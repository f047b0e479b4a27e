namespace AiGateway.Shared.Model;

public enum RolloutState
{
    Pending = 0,
    Running = 1,
    Paused = 2,
    Promoted = 3,
    RolledBack = 4,
    Cancelled = 5,
}
