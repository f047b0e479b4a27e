using System.Linq.Expressions;

namespace AiGateway.Shared.Model;

/// <summary>
/// A gateway-issued client key. The secret is shown once at issue; only its keyed hash is stored, and the key is
/// found by its public prefix so verification is one lookup and one constant-time comparison.
/// </summary>
public sealed class ApiKey : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Name { get; set; }

    /// <summary>The public part of the key (e.g. <c>agw_3kT9xQ2mLp7Z</c>), safe to show and log.</summary>
    public required string Prefix { get; set; }

    /// <summary>HMAC-SHA256 of the whole key under the server's key-hash secret.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>Aliases this key may call; empty means every alias its team may call (<see cref="AliasScope"/>).</summary>
    public List<string> AllowedAliases { get; set; } = [];

    /// <summary>The key's own priority class, overriding its team's; null for the team's.</summary>
    public PriorityClass? Priority { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>
    /// The person id (sign-in name identifier) of whoever issued the key, kept across rotations: a team member manages
    /// the keys they issued. Null for keys issued by automation (bootstrap token, team token) or before this was recorded;
    /// those are managed by the team's owners.
    /// </summary>
    public string? IssuedByUserId { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The key this one replaced by rotation; kept as a plain value so history survives the old key's removal.</summary>
    public Guid? RotatedFromKeyId { get; set; }

    /// <summary>Whether the key lets its holder in at <paramref name="now"/>: never once revoked, and not from its expiry on.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && !HasExpired(ExpiresAt, now);

    /// <summary>
    /// Whether a key with this expiry has expired at <paramref name="now"/>; the instant of expiry already counts, and a
    /// key without one never expires. Static for the gateway, whose snapshot holds only unrevoked keys and their expiry.
    /// </summary>
    public static bool HasExpired(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt <= now;

    /// <summary>
    /// <see cref="IsActiveAt"/> as a query filter, so that a count of active keys runs in the database. EF cannot
    /// translate a method call, hence the second spelling; ApiKeyTests hold the two to the same answers.
    /// </summary>
    public static Expression<Func<ApiKey, bool>> ActiveAt(DateTimeOffset now) =>
        k => k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now);
}
