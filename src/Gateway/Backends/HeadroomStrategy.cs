using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// The headroom strategy: of a tier's usable deployments, the one with the largest share of its minute left (of
/// tokens or requests, whichever is scarcer), as the gateway counts it and the backend's
/// <c>x-ratelimit-remaining-*</c> headers correct it, so traffic moves off a deployment before it answers 429. Ties
/// go to the higher weight, then to the target listed first.
/// </summary>
public sealed class HeadroomStrategy(CapacityTracker capacity)
{
    public double Score(AliasTargetEntry target) => capacity.Headroom(target).ShareLeft;

    public static bool IsBetter(AliasTargetEntry candidate, double score, AliasTargetEntry? best, double bestScore) =>
        best is null || score > bestScore || (score == bestScore && candidate.Weight > best.Weight);
}
