using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Rollouts;

public sealed record RolloutView(
    Guid Id,
    Guid AliasId,
    string AliasName,
    Guid FromDeploymentId,
    string FromDeploymentName,
    Guid ToDeploymentId,
    string ToDeploymentName,
    RolloutStrategy Strategy,
    RolloutState State,
    IReadOnlyList<int> StepWeights,
    int CurrentStep,
    int CurrentWeight,
    int StepHoldSeconds,
    int? StepMinRequests,
    int ShadowPercent,
    double? MaxErrorRateIncrease,
    double? MaxThrottleRateIncrease,
    double? MaxContentFilterRateIncrease,
    double? MaxLatencyRatio,
    int MinSamples,
    RolloutBreachAction OnBreach,
    RolloutAssignmentMode Assignment,
    int MaxStepSeconds,
    bool AdvanceUnjudged,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StepStartedAt,
    DateTimeOffset? CompletedAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    int Revision,
    bool GreenAvailable,
    IReadOnlyList<RolloutEventView> History)
{
    public bool IsActive => State is RolloutState.Pending or RolloutState.Running or RolloutState.Paused;

    /// <summary>Whether the current step is the schedule's last: advancing from it promotes.</summary>
    public bool IsLastStep => CurrentStep >= StepWeights.Count - 1;

    public static RolloutView From(Rollout r) => new(
        r.Id, r.AliasId, r.Alias?.Name ?? "", r.FromDeploymentId, r.FromDeployment?.Name ?? "", r.ToDeploymentId, r.ToDeployment?.Name ?? "",
        r.Strategy, r.State, [.. r.StepWeights], r.CurrentStep, r.CurrentWeight, r.StepHoldSeconds, r.StepMinRequests, r.ShadowPercent,
        r.MaxErrorRateIncrease, r.MaxThrottleRateIncrease, r.MaxContentFilterRateIncrease, r.MaxLatencyRatio, r.MinSamples, r.OnBreach,
        r.Assignment, r.MaxStepSeconds, r.AdvanceUnjudged,
        r.CreatedBy, r.CreatedAt, r.StartedAt, r.StepStartedAt, r.CompletedAt, r.LeaseOwner, r.LeaseExpiresAt, r.Revision,
        r.ToDeployment is not { } green || green.CanTakeTraffic(),
        [.. r.History.OrderBy(e => e.At).ThenBy(e => e.Id).Select(RolloutEventView.From)]);
}
