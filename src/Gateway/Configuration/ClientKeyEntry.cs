using System.Collections.Frozen;

namespace AiGateway.Gateway.Configuration;

/// <summary>A usable (not revoked) client key: found by its public prefix, verified against its keyed hash.</summary>
public sealed record ClientKeyEntry(
    Guid Id,
    Guid TeamId,
    string Name,
    string Prefix,
    byte[] SecretHash,
    FrozenSet<string>? AllowedAliases,
    DateTimeOffset? ExpiresAt,
    QuotaLimits? Limits);
