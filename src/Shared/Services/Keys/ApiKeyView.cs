using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Keys;

/// <summary>A key as anyone may see it: its public prefix and settings, never its secret or hash.</summary>
public sealed record ApiKeyView(
    Guid Id,
    Guid TeamId,
    string Name,
    string Prefix,
    IReadOnlyList<string> AllowedAliases,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    string? IssuedByUserId,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt,
    Guid? RotatedFromKeyId,
    ApiKeyStatus Status,
    PriorityClass? Priority = null)
{
    public static ApiKeyView From(ApiKey k, DateTimeOffset now) => new(
        k.Id, k.TeamId, k.Name, k.Prefix, k.AllowedAliases, k.CreatedAt, k.CreatedBy, k.IssuedByUserId, k.ExpiresAt, k.RevokedAt, k.LastUsedAt, k.RotatedFromKeyId,
        k.RevokedAt is not null ? ApiKeyStatus.Revoked : k.IsActiveAt(now) ? ApiKeyStatus.Active : ApiKeyStatus.Expired, k.Priority);
}
