using System.Collections.Frozen;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Everything the request path needs, read from the database at one configuration version and never changed after.
/// A request reads the current snapshot once and uses it to the end, so a reload never changes a request midway.
/// </summary>
public sealed class GatewaySnapshot
{
    public static readonly GatewaySnapshot Empty = new(
        0,
        DateTimeOffset.MinValue,
        FrozenDictionary<string, ClientKeyEntry>.Empty,
        FrozenDictionary<Guid, TeamEntry>.Empty,
        FrozenDictionary<string, Guid>.Empty,
        FrozenDictionary<string, AliasEntry>.Empty,
        FrozenDictionary<Guid, BackendEntry>.Empty,
        FrozenDictionary<(Guid Team, Guid Alias), QuotaLimits>.Empty);

    public GatewaySnapshot(
        long version,
        DateTimeOffset loadedAt,
        FrozenDictionary<string, ClientKeyEntry> keysByPrefix,
        FrozenDictionary<Guid, TeamEntry> teams,
        FrozenDictionary<string, Guid> teamsByEntraApp,
        FrozenDictionary<string, AliasEntry> aliases,
        FrozenDictionary<Guid, BackendEntry> backends,
        FrozenDictionary<(Guid Team, Guid Alias), QuotaLimits> teamAliasLimits)
    {
        Version = version;
        LoadedAt = loadedAt;
        KeysByPrefix = keysByPrefix;
        Teams = teams;
        TeamsByEntraApp = teamsByEntraApp;
        Aliases = aliases;
        Backends = backends;
        TeamAliasLimits = teamAliasLimits;
    }

    /// <summary>The configuration version this snapshot was read at; 0 means nothing was loaded yet.</summary>
    public long Version { get; }
    public DateTimeOffset LoadedAt { get; }
    public FrozenDictionary<string, ClientKeyEntry> KeysByPrefix { get; }
    public FrozenDictionary<Guid, TeamEntry> Teams { get; }
    public FrozenDictionary<string, Guid> TeamsByEntraApp { get; }
    public FrozenDictionary<string, AliasEntry> Aliases { get; }
    public FrozenDictionary<Guid, BackendEntry> Backends { get; }
    public FrozenDictionary<(Guid Team, Guid Alias), QuotaLimits> TeamAliasLimits { get; }

    public bool IsLoaded => Version > 0;
}
