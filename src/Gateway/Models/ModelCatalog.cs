using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Models;

/// <summary>
/// The models a caller sees: the aliases its key (or Entra app) and team may use that have a deployment to serve
/// them, the same ones it could call. An alias outside the caller's scope does not exist for it.
/// </summary>
public static class ModelCatalog
{
    public static IReadOnlyList<AliasEntry> Visible(GatewaySnapshot snapshot, GatewayCaller caller)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(caller);
        var visible = new List<AliasEntry>(snapshot.Aliases.Count);
        foreach (var alias in snapshot.Aliases.Values)
        {
            if (IsVisible(alias, caller))
            {
                visible.Add(alias);
            }
        }

        // A stable order, so a client's cache or a diff of two lists sees no change where there is none.
        visible.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return visible;
    }

    public static AliasEntry? Find(GatewaySnapshot snapshot, GatewayCaller caller, string name)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(caller);
        return snapshot.Aliases.TryGetValue(name, out var alias) && IsVisible(alias, caller) ? alias : null;
    }

    private static bool IsVisible(AliasEntry alias, GatewayCaller caller) => !alias.Targets.IsEmpty && caller.MayUse(alias.Name);
}
