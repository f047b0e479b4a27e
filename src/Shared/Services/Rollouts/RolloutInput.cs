using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Rollouts;

/// <summary>What an admin asks for when creating a rollout; absent settings take the defaults named here.</summary>
public sealed record RolloutInput
{
    public Guid AliasId { get; init; }

    /// <summary>The deployment the alias moves to (green).</summary>
    public Guid ToDeploymentId { get; init; }

    /// <summary>
    /// The alias target green replaces (blue), taking its tier and weight while the alias's other targets stay. May be
    /// left out when the alias has one target, or one of green's model; otherwise required.
    /// </summary>
    public Guid? FromDeploymentId { get; init; }

    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Canary;

    /// <summary>
    /// Canary: green's percentage at each step, rising, e.g. 1, 5, 25, 50, 100 (the default). Blue-green: one value,
    /// the warm-up share before the switch (0 = only testers who opt in; the default is 10).
    /// </summary>
    public IReadOnlyList<int>? StepWeights { get; init; }

    public int StepHoldSeconds { get; init; } = 300;
    public int? StepMinRequests { get; init; }
    public int ShadowPercent { get; init; }

    /// <summary>Whether a step's weight is a share of clients (sticky, the default) or of requests.</summary>
    public RolloutAssignmentMode Assignment { get; init; } = RolloutAssignmentMode.PerClient;

    /// <summary>
    /// The longest a step may wait for the guards to judge it (and for <see cref="StepMinRequests"/>) before it is
    /// paused for an admin; at least <see cref="StepHoldSeconds"/>. Absent: an hour, or twice the hold when longer.
    /// </summary>
    public int? MaxStepSeconds { get; init; }

    /// <summary>Lets a step end on time alone when green never reached <see cref="MinSamples"/>; off by default.</summary>
    public bool AdvanceUnjudged { get; init; }

    public double? MaxErrorRateIncrease { get; init; } = 0.05;
    public double? MaxThrottleRateIncrease { get; init; } = 0.10;
    public double? MaxContentFilterRateIncrease { get; init; } = 0.05;
    public double? MaxLatencyRatio { get; init; } = 2.0;
    public int MinSamples { get; init; } = 50;
    public RolloutBreachAction OnBreach { get; init; } = RolloutBreachAction.RollBack;

    /// <summary>Start at once rather than leaving the rollout pending.</summary>
    public bool Start { get; init; }
}
