using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Configuration;

/// <summary>A usable (not revoked) client key: found by its public prefix, verified against its keyed hash.</summary>
public sealed record ClientKeyEntry(
    Guid Id,
    Guid TeamId,
    string Name,
    string Prefix,
    byte[] SecretHash,
    AliasScope AllowedAliases,
    DateTimeOffset? ExpiresAt,
    QuotaLimits? Limits)
{
    /// <summary>The key's own priority class, overriding its team's; null for the team's.</summary>
    public PriorityClass? Priority { get; init; }

    /// <summary>
    /// <see cref="ApiKey.IsActiveAt"/> for a key the snapshot holds: revoked keys were left out when it was loaded, and
    /// expiry is checked here because a snapshot outlives the instant it was loaded.
    /// </summary>
    public bool IsActiveAt(DateTimeOffset now) => !ApiKey.HasExpired(ExpiresAt, now);
}
