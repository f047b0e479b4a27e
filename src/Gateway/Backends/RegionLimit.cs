using System.Collections.Frozen;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// A team's residency: with allowed regions set, its traffic goes only to backends in them, failover included, and a
/// backend with no region is outside every limit. A null set means no limit.
/// </summary>
public static class RegionLimit
{
    public static bool Allows(FrozenSet<string>? allowedRegions, BackendEntry backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return allowedRegions is null || (backend.Region is { } region && allowedRegions.Contains(region));
    }

    /// <summary>Whether the limit kept the request from any of the alias's targets, so that a refusal should say so.</summary>
    public static bool ExcludesAny(FrozenSet<string>? allowedRegions, AliasEntry alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        if (allowedRegions is null)
        {
            return false;
        }

        foreach (var target in alias.Targets)
        {
            if (!Allows(allowedRegions, target.Backend))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any of the alias's targets is inside the limit at all.</summary>
    public static bool AllowsAny(FrozenSet<string>? allowedRegions, AliasEntry alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        foreach (var target in alias.Targets)
        {
            if (Allows(allowedRegions, target.Backend))
            {
                return true;
            }
        }

        return false;
    }
}
