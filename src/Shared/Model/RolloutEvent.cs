namespace AiGateway.Shared.Model;

/// <summary>One transition of a rollout, with the figures that caused it.</summary>
public sealed class RolloutEvent
{
    public long Id { get; set; }
    public Guid RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    public RolloutState FromState { get; set; }
    public RolloutState ToState { get; set; }
    public int Weight { get; set; }
    public required string Reason { get; set; }

    /// <summary>The guard figures at the time, as JSON.</summary>
    public string? Metrics { get; set; }
    public string? Actor { get; set; }
}
