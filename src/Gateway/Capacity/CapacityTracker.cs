using System.Collections.Concurrent;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// Every deployment's use of its capacity this minute (<see cref="DeploymentCapacity"/>), and admission of a request
/// against an alias's deployments: High against the whole of each, Normal and Low against the share the alias does
/// not reserve for High.
/// </summary>
public sealed class CapacityTracker(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, DeploymentCapacity> _deployments = new();

    /// <summary>Raised when capacity may have freed: a request gave some back, or a backend said it has more left.</summary>
    public event Action? Freed;

    public DeploymentCapacity For(Guid deploymentId) =>
        _deployments.TryGetValue(deploymentId, out var found) ? found : _deployments.GetOrAdd(deploymentId, static id => new DeploymentCapacity(id));

    public CapacityHeadroom Headroom(AliasTargetEntry target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return For(target.DeploymentId).Headroom(CapacityMinute.Of(clock.GetUtcNow()), target.TokensPerMinute, target.RequestsPerMinute);
    }

    /// <summary>
    /// Takes room for one request of <paramref name="tokens"/> on the alias deployment that has the most left (lowest
    /// tier first, then the larger share left, then the alias's order), within <paramref name="priority"/>'s share.
    /// High is never refused here: with no room anywhere it is counted on the first deployment and sent, and the
    /// backend decides.
    /// </summary>
    /// <returns>The charge to settle when the request is over, or null when there is no room for the class.</returns>
    public CapacityCharge? TryAdmit(AliasEntry alias, PriorityClass priority, long tokens)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var targets = alias.Targets;
        if (targets.IsDefaultOrEmpty)
        {
            return null;
        }

        var minute = CapacityMinute.Of(clock.GetUtcNow());
        var share = priority == PriorityClass.High ? 1.0 : 1.0 - alias.Capacity.HighReservedShare;
        var index = 0;
        while (index < targets.Length)
        {
            var tier = targets[index].Tier;
            var end = index;
            while (end < targets.Length && targets[end].Tier == tier)
            {
                end++;
            }

            if (TryTier(targets.AsSpan(index, end - index), minute, share, tokens) is { } charge)
            {
                return charge;
            }

            index = end;
        }

        if (priority != PriorityClass.High)
        {
            return null;
        }

        var first = targets[0];
        var capacity = For(first.DeploymentId);
        capacity.Take(minute, tokens);
        return new CapacityCharge(capacity, minute, tokens);
    }

    private CapacityCharge? TryTier(ReadOnlySpan<AliasTargetEntry> tier, long minute, double share, long tokens)
    {
        // Most share left first, so admission charges the deployment the headroom strategy would send it to; a
        // deployment without room is passed over and the next is tried.
        Span<double> left = tier.Length <= 16 ? stackalloc double[tier.Length] : new double[tier.Length];
        for (var i = 0; i < tier.Length; i++)
        {
            left[i] = For(tier[i].DeploymentId).Headroom(minute, tier[i].TokensPerMinute, tier[i].RequestsPerMinute).ShareLeft;
        }

        for (var tried = 0; tried < tier.Length; tried++)
        {
            var best = -1;
            for (var i = 0; i < tier.Length; i++)
            {
                if (left[i] >= 0 && (best < 0 || left[i] > left[best]))
                {
                    best = i;
                }
            }

            var target = tier[best];
            var capacity = For(target.DeploymentId);
            if (capacity.TryTake(minute, target.TokensPerMinute, target.RequestsPerMinute, share, tokens) is { } taken)
            {
                return new CapacityCharge(capacity, minute, taken);
            }

            left[best] = -1;
        }

        return null;
    }

    /// <summary>Settles a charge and, when that may have freed room, tells the waiting requests.</summary>
    public void Settle(CapacityCharge charge, bool served)
    {
        ArgumentNullException.ThrowIfNull(charge);
        if (charge.Settle(served))
        {
            Freed?.Invoke();
        }
    }

    /// <summary>Takes a backend's rate-limit headers as the truth about the deployment's minute.</summary>
    public void Observe(AliasTargetEntry target, long? tokensLeft, long? requestsLeft, long? tokenLimit, long? requestLimit)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (tokensLeft is null && requestsLeft is null && tokenLimit is null && requestLimit is null)
        {
            return;
        }

        var capacity = For(target.DeploymentId);
        var minute = CapacityMinute.Of(clock.GetUtcNow());
        var before = capacity.Headroom(minute, target.TokensPerMinute, target.RequestsPerMinute).ShareLeft;
        capacity.Observe(minute, target.TokensPerMinute, target.RequestsPerMinute, tokensLeft, requestsLeft, tokenLimit, requestLimit);
        if (capacity.Headroom(minute, target.TokensPerMinute, target.RequestsPerMinute).ShareLeft > before)
        {
            Freed?.Invoke();
        }
    }

    /// <summary>Every deployment this replica has counted.</summary>
    public IEnumerable<DeploymentCapacity> Deployments => _deployments.Values;

    /// <summary>
    /// Whether any deployment of the alias has a token limit, configured or learnt; when none has, a request's tokens
    /// need not be estimated (counting the prompt's tokens is the costliest part of admission).
    /// </summary>
    public bool CountsTokens(AliasEntry alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        foreach (var target in alias.Targets)
        {
            if (target.TokensPerMinute is not null || For(target.DeploymentId).KnowsTokenLimit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells waiting requests to look again (the window turned, or other replicas' counts arrived).</summary>
    public void Nudge() => Freed?.Invoke();
}
