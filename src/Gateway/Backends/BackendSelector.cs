using System.Collections.Frozen;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Picks the deployment for one attempt: the lowest tier (provisioned before standard) that has a usable target,
/// then among that tier's usable targets by the alias's strategy: by weight (the default), by the most capacity left
/// (<see cref="HeadroomStrategy"/>) or by the lowest time to first token (<see cref="LatencyStrategy"/>). A target is
/// usable when its region is allowed, it was not tried already for this request, its deployment is not resting after
/// a 429 and its backend's circuit lets it in.
/// </summary>
public sealed class BackendSelector(BackendHealthTracker health, HeadroomStrategy? headroom = null, LatencyStrategy? latency = null)
{
    public BackendSelection Select(
        AliasEntry alias,
        FrozenSet<string>? allowedRegions,
        IReadOnlyCollection<Guid> tried,
        Random random)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(random);
        DateTimeOffset? throttled = null;
        DateTimeOffset? down = null;
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

            var strategy = alias.Capacity.Strategy;
            var probe = strategy == RoutingStrategy.Latency && latency is not null && tierEnd - index > 1 && latency.NextIsProbe();
            // Weighted choice in one pass without allocating: each usable target replaces the pick with
            // probability weight / running total, which leaves each with probability weight / total.
            AliasTargetEntry? pick = null;
            var total = 0;
            var best = 0.0;
            for (var i = index; i < tierEnd; i++)
            {
                var target = targets[i];
                if (!IsCandidate(target, allowedRegions, tried, ref throttled, ref down))
                {
                    continue;
                }

                if (strategy == RoutingStrategy.Headroom && headroom is not null)
                {
                    var score = headroom.Score(target);
                    if (HeadroomStrategy.IsBetter(target, score, pick, best))
                    {
                        (pick, best) = (target, score);
                    }

                    continue;
                }

                if (strategy == RoutingStrategy.Latency && latency is not null)
                {
                    var score = latency.Score(target);
                    if (LatencyStrategy.IsBetter(target, score, pick, best, probe))
                    {
                        (pick, best) = (target, score);
                    }

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
                return new BackendSelection(pick, null, null);
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

                Block(pick, ref throttled, ref down);
                return new BackendSelection(null, Earlier(retry.ThrottledUntil, throttled), Earlier(retry.DownUntil, down));
            }

            index = tierEnd;
        }

        return new BackendSelection(null, throttled, down);
    }

    private bool IsCandidate(AliasTargetEntry target, FrozenSet<string>? allowedRegions, IReadOnlyCollection<Guid> tried, ref DateTimeOffset? throttled, ref DateTimeOffset? down)
    {
        if (!RegionLimit.Allows(allowedRegions, target.Backend))
        {
            return false;
        }

        if (tried.Contains(target.DeploymentId))
        {
            return false;
        }

        return !Block(target, ref throttled, ref down);
    }

    /// <summary>
    /// Notes when a blocked target frees up: under <paramref name="down"/> when its backend's circuit is open (a
    /// failing backend is down whatever its deployments' rests say), else under <paramref name="throttled"/>.
    /// </summary>
    private bool Block(AliasTargetEntry target, ref DateTimeOffset? throttled, ref DateTimeOffset? down)
    {
        if (health.CircuitOpenUntil(target.Backend.Id) is { } circuit)
        {
            down = Earlier(down, Later(circuit, health.ThrottledUntil(target.DeploymentId)));
            return true;
        }

        if (health.ThrottledUntil(target.DeploymentId) is { } rest)
        {
            throttled = Earlier(throttled, rest);
            return true;
        }

        return false;
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
