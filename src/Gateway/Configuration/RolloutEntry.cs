using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// A running or paused rollout of an alias as the request path sees it: the share of clients on green, and the
/// alias as each side serves it. Green's view tries the green deployment first and falls back to blue's targets, so
/// a failing green costs a client a retry, not an error, while the guards still count green's failure.
/// </summary>
/// <param name="Phase">The rollout's revision: figures are counted per phase, so a new step or a resume starts afresh.</param>
/// <param name="Weight">Green's share of clients in percent.</param>
/// <param name="ShadowPercent">The share of blue's requests also sent to green, whose answer is only measured.</param>
public sealed record RolloutEntry(
    Guid Id,
    int Phase,
    RolloutStrategy Strategy,
    int Weight,
    int ShadowPercent,
    Guid GreenDeploymentId,
    AliasEntry Blue,
    AliasEntry Green)
{
    /// <summary>True when green's deployment (or its backend) is disabled: everyone stays on blue.</summary>
    public bool GreenUnavailable => Green.Targets.IsDefaultOrEmpty || Green.Targets[0].DeploymentId != GreenDeploymentId;
}
