using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Chooses the deployment that creates a new object: through the alias its <c>model</c> names when the caller may use
/// it; otherwise <c>Gateway:Stateful:DefaultAlias</c> when the caller may use that; otherwise the first alias by
/// name the caller may use. Within the alias the usual selection applies (tier, weight, health).
/// </summary>
public static class CreationTargets
{
    public static (AliasEntry Alias, AliasTargetEntry Target)? Choose(
        GatewaySnapshot snapshot, GatewayCaller caller, string? model, string? defaultAlias, BackendSelector selector)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(selector);
        var alias = Usable(snapshot, caller, model) ?? Usable(snapshot, caller, defaultAlias)
            ?? snapshot.Aliases.Values.Where(a => caller.MayUse(a.Name) && a.Targets.Length > 0)
                .OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault();
        if (alias is null)
        {
            return null;
        }

        var selection = selector.Select(alias, caller.Team.AllowedRegions, [], Random.Shared);
        return selection.Target is { } target ? (alias, target) : (alias, alias.Targets[0]);
    }

    private static AliasEntry? Usable(GatewaySnapshot snapshot, GatewayCaller caller, string? name) =>
        name is not null && snapshot.Aliases.TryGetValue(name, out var alias) && caller.MayUse(name) && alias.Targets.Length > 0 ? alias : null;
}
