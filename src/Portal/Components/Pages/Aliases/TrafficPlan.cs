using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;

namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>
/// Where an alias's traffic goes, as the gateway routes it: targets grouped by priority tier (lowest first; a target
/// without a tier takes its backend's, provisioned 0 before standard 1, as the gateway's snapshot loader does), and
/// within a tier each active target's weight as a percentage of the tier's active weight. Weight-0 targets and
/// disabled deployments or backends are listed at 0% with the reason, since the gateway skips them.
/// </summary>
public static class TrafficPlan
{
    public static IReadOnlyList<TrafficTier> For(
        AliasView alias, IReadOnlyDictionary<Guid, DeploymentView> deployments, IReadOnlyDictionary<Guid, BackendView> backends)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(backends);

        var targets = alias.Targets.Select(t =>
        {
            var deployment = deployments.GetValueOrDefault(t.DeploymentId);
            var backend = deployment is null ? null : backends.GetValueOrDefault(deployment.BackendId);
            var backendTier = backend?.Tier ?? BackendTier.Standard;
            var tier = AliasTarget.EffectiveTier(t.PriorityTier, backendTier);
            var idle = deployment is null ? "deployment missing"
                : backend is null ? "backend missing"
                : !backend.Enabled ? "backend disabled"
                : !deployment.Enabled ? "deployment disabled"
                : t.Weight <= 0 ? "weight 0"
                : null;
            return (Tier: tier, FromBackend: t.PriorityTier is null, Target: t, Deployment: deployment, Backend: backend, BackendTier: backendTier, Idle: idle);
        }).ToList();

        return targets
            .GroupBy(t => t.Tier)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var activeWeight = g.Where(t => t.Idle is null).Sum(t => (long)t.Target.Weight);
                var shares = g
                    .Select(t => new TrafficShare(
                        t.Target.DeploymentId,
                        t.Deployment?.Name ?? t.Target.DeploymentName ?? t.Target.DeploymentId.ToString(),
                        t.Backend?.Name ?? "?",
                        t.Backend?.Region,
                        t.BackendTier,
                        t.Target.Weight,
                        t.Idle is null && activeWeight > 0 ? 100.0 * t.Target.Weight / activeWeight : 0,
                        t.Idle))
                    .OrderByDescending(s => s.Percent)
                    .ThenBy(s => s.DeploymentName, StringComparer.Ordinal)
                    .ToList();
                return new TrafficTier(g.Key, g.All(t => t.FromBackend), shares);
            })
            .ToList();
    }
}
