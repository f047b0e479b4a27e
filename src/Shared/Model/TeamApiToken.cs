namespace AiGateway.Shared.Model;

/// <summary>
/// A bearer token a team's owner issues so the team's automation can call the management API for that team only.
/// Like a model key, the secret is shown once and only its keyed hash is stored; it is found by its public prefix.
/// Always expires: a forgotten automation token must not live for ever.
/// </summary>
public sealed class TeamApiToken : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Name { get; set; }

    /// <summary>The public part of the token (e.g. <c>agwt_3kT9xQ2mLp7Z</c>), safe to show, log and audit.</summary>
    public required string Prefix { get; set; }

    /// <summary>HMAC-SHA256 of the whole token under the server's key-hash secret.</summary>
    public required byte[] SecretHash { get; set; }

    public TeamTokenScopes Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Whether the token lets its holder in at <paramref name="now"/>; the instant of expiry already counts as expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
