using System.Collections.Frozen;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Chooses the deployment that creates a new object (other than a response): the alias its <c>model</c> names when
/// the caller may use it; otherwise <c>Gateway:Stateful:DefaultAlias</c> when the caller may use that; otherwise the
/// first alias by name the caller may use. Within the alias, each team has a home deployment (rendezvous hashing of
/// the team and the deployments of the first usable tier), so a team's files, vector stores, assistants and threads
/// land together and can name each other; when the home deployment is resting or its circuit is open, the usual
/// selection picks another.
/// </summary>
public static class CreationTargets
{
    public static (AliasEntry Alias, AliasTargetEntry Target)? Choose(
        GatewaySnapshot snapshot, GatewayCaller caller, string? model, string? defaultAlias, BackendSelector selector, BackendHealthTracker health)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(health);
        var alias = Usable(snapshot, caller, model) ?? Usable(snapshot, caller, defaultAlias)
            ?? snapshot.Aliases.Values.Where(a => caller.MayUse(a.Name) && a.Targets.Length > 0)
                .OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault();
        if (alias is null)
        {
            return null;
        }

        var regions = caller.Team.AllowedRegions;
        if (Home(alias, caller.Team.Id, regions, health) is { } home)
        {
            return (alias, home);
        }

        // With nothing usable now, the first deployment inside the team's regions gets the call and answers for
        // itself (its own 429 or error); residency holds even then, so a team with none in its regions gets none.
        var selection = selector.Select(alias, regions, [], Random.Shared);
        var target = selection.Target ?? alias.Targets.FirstOrDefault(t => RegionLimit.Allows(regions, t.Backend));
        return target is null ? null : (alias, target);
    }

    /// <summary>
    /// The team's home deployment among the healthy targets of the alias's first tier inside the team's regions, or
    /// null when none is.
    /// </summary>
    internal static AliasTargetEntry? Home(AliasEntry alias, Guid team, FrozenSet<string>? allowedRegions, BackendHealthTracker health)
    {
        AliasTargetEntry? best = null;
        ulong bestScore = 0;
        var tier = alias.Targets[0].Tier;
        Span<Guid> pair = stackalloc Guid[2];
        pair[0] = team;
        foreach (var target in alias.Targets)
        {
            if (target.Tier != tier)
            {
                break;
            }

            if (!RegionLimit.Allows(allowedRegions, target.Backend)
                || health.ThrottledUntil(target.DeploymentId) is not null || health.CircuitOpenUntil(target.Backend.Id) is not null)
            {
                continue;
            }

            pair[1] = target.DeploymentId;
            var score = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(pair));
            if (best is null || score > bestScore)
            {
                best = target;
                bestScore = score;
            }
        }

        return best;
    }

    private static AliasEntry? Usable(GatewaySnapshot snapshot, GatewayCaller caller, string? name) =>
        name is not null && snapshot.Aliases.TryGetValue(name, out var alias) && caller.MayUse(name) && alias.Targets.Length > 0 ? alias : null;
}
