using System.Collections.Frozen;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Picks the deployment for one attempt: the lowest tier (provisioned before standard) that has a usable target,
/// then by weight among that tier's usable targets. A target is usable when its region is allowed, it was not tried
/// already for this request, its deployment is not resting after a 429 and its backend's circuit lets it in.
/// </summary>
public sealed class BackendSelector(BackendHealthTracker health)
{
    public BackendSelection Select(
        AliasEntry alias,
        FrozenSet<string>? allowedRegions,
        IReadOnlyCollection<Guid> tried,
        Random random)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(random);
        DateTimeOffset? earliest = null;
        var targets = alias.Targets;
        var index = 0;
        while (index < targets.Length)
        {
            var tier = targets[index].Tier;
            var tierEnd = index;
            while (tierEnd < targets.Length && targets[tierEnd].Tier == tier)
            {
                tierEnd++;
            }

            // Weighted choice in one pass without allocating: each usable target replaces the pick with
            // probability weight / running total, which leaves each with probability weight / total.
            AliasTargetEntry? pick = null;
            var total = 0;
            for (var i = index; i < tierEnd; i++)
            {
                var target = targets[i];
                if (!IsCandidate(target, allowedRegions, tried, ref earliest))
                {
                    continue;
                }

                total += target.Weight;
                if (random.Next(total) < target.Weight)
                {
                    pick = target;
                }
            }

            // The circuit is claimed only for the pick, so an unpicked half-open backend keeps its probe slot.
            if (pick is not null && health.TryEnter(pick.Backend.Id))
            {
                return new BackendSelection(pick, null);
            }

            if (pick is not null)
            {
                // Lost the probe race: treat as resting for this request and look again in the same tier. Excluding
                // the pick as tried also leaves its block out of the recovery time, so add that back.
                var retry = Select(alias, allowedRegions, [.. tried, pick.DeploymentId], random);
                if (retry.Found)
                {
                    return retry;
                }

                var blockedUntil = Later(health.ThrottledUntil(pick.DeploymentId), health.CircuitOpenUntil(pick.Backend.Id));
                return new BackendSelection(null, Earlier(retry.EarliestRecovery, blockedUntil));
            }

            index = tierEnd;
        }

        return new BackendSelection(null, earliest);
    }

    private bool IsCandidate(AliasTargetEntry target, FrozenSet<string>? allowedRegions, IReadOnlyCollection<Guid> tried, ref DateTimeOffset? earliest)
    {
        if (allowedRegions is not null && (target.Backend.Region is null || !allowedRegions.Contains(target.Backend.Region)))
        {
            return false;
        }

        if (tried.Contains(target.DeploymentId))
        {
            return false;
        }

        var blockedUntil = Later(health.ThrottledUntil(target.DeploymentId), health.CircuitOpenUntil(target.Backend.Id));
        if (blockedUntil is { } until)
        {
            earliest = earliest is null || until < earliest ? until : earliest;
            return false;
        }

        return true;
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
