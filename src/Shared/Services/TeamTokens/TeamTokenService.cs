using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.TeamTokens;

/// <summary>
/// Issues, lists, revokes and verifies team API tokens. A secret leaves this type once, in <see cref="IssuedTeamToken"/>;
/// only its keyed hash is stored, under the same server secret as model keys.
/// </summary>
public sealed class TeamTokenService(IDbContextFactory<PortalDbContext> dbFactory, ApiKeyHasher hasher, TimeProvider clock)
{
    /// <summary>The longest a team token may live: automation credentials are rotated at least this often.</summary>
    public const int MaxLifetimeDays = 366;

    public async Task<IReadOnlyList<TeamTokenView>> ListAsync(Guid teamId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await TeamService.FindAsync(db, teamId, ct);
        var tokens = await db.TeamApiTokens.AsNoTracking().Where(t => t.TeamId == teamId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. tokens.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.CreatedAt).Select(t => TeamTokenView.From(t, now))];
    }

    public async Task<IssuedTeamToken> IssueAsync(Guid teamId, TeamTokenInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await TeamService.FindAsync(db, teamId, ct);
        var now = clock.GetUtcNow();
        var scopes = Validate(input, now);

        var secret = TeamTokenFormat.Generate();
        TeamTokenFormat.TryGetPrefix(secret, out var prefix);
        var token = new TeamApiToken
        {
            TeamId = team.Id,
            Name = input.Name!.Trim(),
            Prefix = prefix!,
            SecretHash = hasher.Hash(secret),
            Scopes = scopes,
            CreatedAt = now,
            CreatedBy = actor,
            ExpiresAt = input.ExpiresAt!.Value.ToUniversalTime(),
        };
        db.TeamApiTokens.Add(token);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return new IssuedTeamToken(TeamTokenView.From(token, now), secret);
    }

    /// <summary>Revokes a token of this team; a token id of another team is not found, so a team cannot probe another's tokens.</summary>
    public async Task<TeamTokenView> RevokeAsync(Guid teamId, Guid tokenId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.TeamApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.TeamId == teamId, ct)
            ?? throw new EntityNotFoundException("Team token", tokenId);
        var now = clock.GetUtcNow();
        if (token.RevokedAt is null)
        {
            token.RevokedAt = now;
            await db.SaveConfigurationChangesAsync(actor, ct);
        }

        return TeamTokenView.From(token, now);
    }

    /// <summary>The active token this secret belongs to, or null: unknown, malformed, wrong secret, expired or revoked alike.</summary>
    public async Task<AuthenticatedTeamToken?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!TeamTokenFormat.TryGetPrefix(presented, out var prefix))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.TeamApiTokens.AsNoTracking()
            .Where(t => t.Prefix == prefix)
            .Select(t => new { t.Id, t.TeamId, t.SecretHash, t.Scopes, t.ExpiresAt, t.RevokedAt })
            .FirstOrDefaultAsync(ct);
        if (token is null || !hasher.Verify(presented, token.SecretHash))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return token.RevokedAt is null && token.ExpiresAt > now
            ? new AuthenticatedTeamToken(token.Id, token.TeamId, prefix, token.Scopes)
            : null;
    }

    private static TeamTokenScopes Validate(TeamTokenInput input, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireName("name", input.Name);
        if (input.ExpiresAt is not { } expiresAt)
        {
            errors.Add("expiresAt", "'expiresAt' is required: a team token always expires.");
        }
        else if (expiresAt <= now)
        {
            errors.Add("expiresAt", "'expiresAt' must be in the future.");
        }
        else if (expiresAt > now.AddDays(MaxLifetimeDays))
        {
            errors.Add("expiresAt", $"'expiresAt' must be within {MaxLifetimeDays} days.");
        }

        var scopes = TeamTokenScopes.None;
        foreach (var scope in input.Scopes ?? [])
        {
            if (scope is TeamTokenScopes.None || !Enum.IsDefined(scope))
            {
                errors.Add("scopes", $"'scopes' may hold only {TeamTokenScopes.ManageKeys} and {TeamTokenScopes.ReadUsage}.");
                continue;
            }

            scopes |= scope;
        }

        if (scopes == TeamTokenScopes.None)
        {
            errors.Add("scopes", $"'scopes' needs at least one of {TeamTokenScopes.ManageKeys} and {TeamTokenScopes.ReadUsage}.");
        }

        errors.ThrowIfAny();
        return scopes;
    }
}
