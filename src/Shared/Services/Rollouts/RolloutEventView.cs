using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Rollouts;

public sealed record RolloutEventView(DateTimeOffset At, RolloutState FromState, RolloutState ToState, int Weight, string Reason, string? Metrics, string? Actor)
{
    public static RolloutEventView From(RolloutEvent e) => new(e.At, e.FromState, e.ToState, e.Weight, e.Reason, e.Metrics, e.Actor);
}
