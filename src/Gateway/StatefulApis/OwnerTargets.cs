using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>Finds an owning deployment in the configuration snapshot, with an alias that serves it (for usage records and prices).</summary>
public static class OwnerTargets
{
    /// <summary>
    /// The deployment as a target, preferring <paramref name="preferred"/>'s own entry; null when no enabled alias
    /// serves it any more (its objects then answer 503 until it comes back or they expire).
    /// </summary>
    public static (AliasEntry Alias, AliasTargetEntry Target)? Find(GatewaySnapshot snapshot, Guid deploymentId, AliasEntry? preferred = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (preferred is not null && TargetIn(preferred, deploymentId) is { } own)
        {
            return (preferred, own);
        }

        foreach (var alias in snapshot.Aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (TargetIn(alias, deploymentId) is { } target)
            {
                return (alias, target);
            }
        }

        return null;
    }

    private static AliasTargetEntry? TargetIn(AliasEntry alias, Guid deploymentId)
    {
        foreach (var target in alias.Targets)
        {
            if (target.DeploymentId == deploymentId)
            {
                return target;
            }
        }

        return null;
    }
}
