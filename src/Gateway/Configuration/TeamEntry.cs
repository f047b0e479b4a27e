using System.Collections.Frozen;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Configuration;

/// <summary>A team as the request path needs it. A null set of regions means "no restriction".</summary>
/// <param name="MaxRequestsInFlight">The most of its requests one replica serves at once; null for no cap.</param>
public sealed record TeamEntry(
    Guid Id,
    string Name,
    bool Enabled,
    PriorityClass Priority,
    FrozenSet<string>? AllowedRegions,
    AliasScope AllowedAliases,
    QuotaLimits? Limits,
    int? MaxRequestsInFlight = null);
