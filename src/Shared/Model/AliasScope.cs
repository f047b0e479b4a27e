using System.Collections.Frozen;

namespace AiGateway.Shared.Model;

/// <summary>
/// The aliases a team or a key may call. An empty list puts no restriction on it: every alias is allowed. Alias names
/// compare exactly, as the gateway routes them.
/// </summary>
public sealed class AliasScope
{
    /// <summary>The scope of an empty list: every alias.</summary>
    public static readonly AliasScope All = new(null);

    // Null for every alias; never an empty set, which would allow none.
    private readonly FrozenSet<string>? _aliases;

    private AliasScope(FrozenSet<string>? aliases) => _aliases = aliases;

    public bool IsUnrestricted => _aliases is null;

    /// <summary>The scope a list of allowed aliases gives; built once per list, so that checks against it are cheap.</summary>
    public static AliasScope Of(IReadOnlyCollection<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        return aliases.Count == 0 ? All : new AliasScope(aliases.ToFrozenSet(StringComparer.Ordinal));
    }

    public bool Allows(string alias) => _aliases is null || _aliases.Contains(alias);
}
