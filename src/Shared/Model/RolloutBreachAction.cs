namespace AiGateway.Shared.Model;

public enum RolloutBreachAction
{
    Pause = 0,
    RollBack = 1,
}
