namespace AiGateway.Gateway.Rollouts;

/// <summary>The guards' verdict on one phase: whether there were enough samples to judge, and every guard breached.</summary>
public sealed record RolloutJudgement(bool Judged, IReadOnlyList<string> Breaches)
{
    public bool Breached => Breaches.Count > 0;
}
