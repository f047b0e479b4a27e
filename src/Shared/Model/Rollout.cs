namespace AiGateway.Shared.Model;

/// <summary>
/// Replaces one of an alias's target deployments (blue) by a new one (green), step by step, under guards; the alias's
/// other targets stay as they are.
/// </summary>
public sealed class Rollout : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AliasId { get; set; }
    public ModelAlias? Alias { get; set; }

    /// <summary>The alias target green replaces, in its place (tier and weight), when the rollout promotes.</summary>
    public Guid FromDeploymentId { get; set; }
    public Deployment? FromDeployment { get; set; }
    public Guid ToDeploymentId { get; set; }
    public Deployment? ToDeployment { get; set; }

    public RolloutStrategy Strategy { get; set; }
    public RolloutState State { get; set; } = RolloutState.Pending;

    /// <summary>Green's share in percent at each step, e.g. 1, 5, 25, 50, 100.</summary>
    public List<int> StepWeights { get; set; } = [];
    public int CurrentStep { get; set; }
    public int CurrentWeight { get; set; }
    public int StepHoldSeconds { get; set; } = 300;
    public int? StepMinRequests { get; set; }
    public int ShadowPercent { get; set; }

    /// <summary>Whether green's share is a share of clients (sticky) or of requests.</summary>
    public RolloutAssignmentMode Assignment { get; set; } = RolloutAssignmentMode.PerClient;

    /// <summary>
    /// The longest a step may last while it waits for the guards to judge it (green's <see cref="MinSamples"/>) and
    /// for <see cref="StepMinRequests"/>; a step still short of them then is paused for an admin to decide.
    /// </summary>
    public int MaxStepSeconds { get; set; } = 3600;

    /// <summary>
    /// The admin's explicit choice to let a step end on time alone when the guards could not judge it. Off by
    /// default: a step that the guards never judged proves nothing about green.
    /// </summary>
    public bool AdvanceUnjudged { get; set; }

    // Guards: green compared with blue over each step; null turns a guard off.

    /// <summary>How much higher green's share of 5xx answers may be than blue's (0.05 = five points).</summary>
    public double? MaxErrorRateIncrease { get; set; }
    /// <summary>How much higher green's share of backend 429s may be than blue's (0.05 = five points).</summary>
    public double? MaxThrottleRateIncrease { get; set; }
    /// <summary>The most green's p95 latency (and p95 time to first token, for streams) may be, as a multiple of blue's.</summary>
    public double? MaxLatencyRatio { get; set; }

    /// <summary>How much higher green's share of content-filtered answers may be than blue's (0.02 = two points).</summary>
    public double? MaxContentFilterRateIncrease { get; set; }
    /// <summary>Requests green needs in a step before the guards judge it, and so before the step may end.</summary>
    public int MinSamples { get; set; } = 50;
    public RolloutBreachAction OnBreach { get; set; } = RolloutBreachAction.RollBack;

    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? StepStartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The replica that drives this rollout's schedule, and until when its lease holds.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>
    /// Bumped by every change of state or step, and checked on save, so an admin's action and the driver's never
    /// overwrite each other: the later one fails and is retried on fresh state.
    /// </summary>
    public int Revision { get; set; }

    public bool IsActive => State is RolloutState.Pending or RolloutState.Running or RolloutState.Paused;

    public List<RolloutEvent> History { get; set; } = [];
}
