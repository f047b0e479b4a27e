using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Rollouts;

/// <summary>What an admin asks for when creating a rollout; absent settings take the defaults named here.</summary>
public sealed record RolloutInput
{
    public Guid AliasId { get; init; }

    /// <summary>The deployment the alias moves to (green).</summary>
    public Guid ToDeploymentId { get; init; }

    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Canary;

    /// <summary>
    /// Canary: green's percentage at each step, rising, e.g. 1, 5, 25, 50, 100 (the default). Blue-green: one value,
    /// the warm-up share before the switch (0 = only testers who opt in; the default is 10).
    /// </summary>
    public IReadOnlyList<int>? StepWeights { get; init; }

    public int StepHoldSeconds { get; init; } = 300;
    public int? StepMinRequests { get; init; }
    public int ShadowPercent { get; init; }

    public double? MaxErrorRateIncrease { get; init; } = 0.05;
    public double? MaxThrottleRateIncrease { get; init; } = 0.10;
    public double? MaxContentFilterRateIncrease { get; init; } = 0.05;
    public double? MaxLatencyRatio { get; init; } = 2.0;
    public int MinSamples { get; init; } = 50;
    public RolloutBreachAction OnBreach { get; init; } = RolloutBreachAction.RollBack;

    /// <summary>Start at once rather than leaving the rollout pending.</summary>
    public bool Start { get; init; }
}
