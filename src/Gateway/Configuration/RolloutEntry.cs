using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// A running or paused rollout of an alias as the request path sees it: green's share, and the alias as each side
/// serves it. Blue's view is the alias as configured; green's is the same alias with green in the place of the target
/// it replaces (that target's tier and weight), and the replaced target right after green, so a failing green costs a
/// client a retry on what blue would have used, not an error, while the guards still count green's failure.
/// </summary>
/// <param name="Phase">The rollout's revision: figures are counted per phase, so a new step or a resume starts afresh.</param>
/// <param name="Weight">Green's share in percent, of clients or of requests as <paramref name="Assignment"/> says.</param>
/// <param name="ShadowPercent">The share of blue's requests also sent to green, whose answer is only measured.</param>
public sealed record RolloutEntry(
    Guid Id,
    int Phase,
    RolloutStrategy Strategy,
    int Weight,
    int ShadowPercent,
    Guid GreenDeploymentId,
    AliasEntry Blue,
    AliasEntry Green,
    RolloutAssignmentMode Assignment = RolloutAssignmentMode.PerClient)
{
    /// <summary>Green's target in green's view; null when green's deployment (or its backend) is disabled.</summary>
    public AliasTargetEntry? GreenTarget => Green.Targets.IsDefault ? null : Green.Targets.FirstOrDefault(t => t.DeploymentId == GreenDeploymentId);

    /// <summary>True when green's deployment (or its backend) is disabled: everyone stays on blue.</summary>
    public bool GreenUnavailable => GreenTarget is null;
}
