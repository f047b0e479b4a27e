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

    /// <summary>Aliases this key may call; empty means every alias its team may call.</summary>
    public List<string> AllowedAliases { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The key this one replaced by rotation; kept as a plain value so history survives the old key's removal.</summary>
    public Guid? RotatedFromKeyId { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
