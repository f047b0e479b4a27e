using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.TeamTokens;

/// <summary>A team token as anyone allowed to see it may: its public prefix and settings, never its secret or hash.</summary>
public sealed record TeamTokenView(
    Guid Id,
    Guid TeamId,
    string Name,
    string Prefix,
    IReadOnlyList<TeamTokenScopes> Scopes,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    TeamTokenStatus Status)
{
    public static TeamTokenView From(TeamApiToken t, DateTimeOffset now) => new(
        t.Id, t.TeamId, t.Name, t.Prefix, ScopeList(t.Scopes), t.CreatedAt, t.CreatedBy, t.ExpiresAt, t.RevokedAt,
        t.RevokedAt is not null ? TeamTokenStatus.Revoked : t.IsActiveAt(now) ? TeamTokenStatus.Active : TeamTokenStatus.Expired);

    private static List<TeamTokenScopes> ScopeList(TeamTokenScopes scopes) =>
        [.. Enum.GetValues<TeamTokenScopes>().Where(s => s != TeamTokenScopes.None && scopes.HasFlag(s))];
}
