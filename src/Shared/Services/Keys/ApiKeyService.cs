using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Keys;

/// <summary>Issues, rotates and revokes client keys. A secret leaves this type once, in <see cref="IssuedApiKey"/>; only its keyed hash is stored.</summary>
public sealed class ApiKeyService(IDbContextFactory<PortalDbContext> dbFactory, ApiKeyHasher hasher, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Guid teamId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await TeamService.FindAsync(db, teamId, ct);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.TeamId == teamId).OrderBy(k => k.Name).ThenBy(k => k.CreatedAt).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return keys.ConvertAll(k => ApiKeyView.From(k, now));
    }

    public async Task<ApiKeyView> GetAsync(Guid keyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return ApiKeyView.From(await FindAsync(db, keyId, ct), clock.GetUtcNow());
    }

    /// <summary>Issues a new key for a team and returns its secret, once.</summary>
    /// <param name="presetSecret">A key chosen by the operator (the demo's <c>Demo:ApiKey</c>); null generates one.</param>
    /// <param name="issuedByUserId">The person issuing it (their sign-in id), who may manage it later; null for automation.</param>
    /// <param name="mayRaisePriority">Whether the caller (a gateway admin) may give the key a class above its team's.</param>
    public async Task<IssuedApiKey> IssueAsync(
        Guid teamId, ApiKeyInput input, string actor, string? presetSecret = null, string? issuedByUserId = null, bool mayRaisePriority = false,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await TeamService.FindAsync(db, teamId, ct);
        var now = clock.GetUtcNow();
        var aliases = TeamService.Normalize(input.AllowedAliases);
        EnsurePriorityAllowed(team, input.Priority, mayRaisePriority);
        await ValidateAsync(db, team, input, aliases, now, ct);
        await EnsureRoomForAnotherKeyAsync(db, team, now, ct);

        var secret = presetSecret ?? ApiKeyFormat.Generate();
        if (!ApiKeyFormat.TryGetPrefix(secret, out var prefix))
        {
            throw RequestValidationException.For("secret", $"A key must look like {ApiKeyFormat.Marker}<{ApiKeyFormat.IdLength} letters or digits>_<{ApiKeyFormat.SecretLength} letters or digits>.");
        }

        var key = new ApiKey
        {
            TeamId = team.Id,
            Name = input.Name!.Trim(),
            Prefix = prefix,
            SecretHash = hasher.Hash(secret),
            AllowedAliases = aliases,
            ExpiresAt = input.ExpiresAt?.ToUniversalTime(),
            Priority = input.Priority,
            CreatedAt = now,
            CreatedBy = actor,
            IssuedByUserId = issuedByUserId,
        };
        db.ApiKeys.Add(key);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return new IssuedApiKey(ApiKeyView.From(key, now), secret);
    }

    /// <summary>
    /// Issues a replacement with the same name, scope and expiry, and lets the old key live on for the overlap so
    /// clients can switch without an outage.
    /// </summary>
    public async Task<IssuedApiKey> RotateAsync(Guid keyId, RotateApiKeyInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.OverlapMinutes is < 0 or > RotateApiKeyInput.MaxOverlapMinutes)
        {
            throw RequestValidationException.For("overlapMinutes", $"'overlapMinutes' must be between 0 and {RotateApiKeyInput.MaxOverlapMinutes}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var old = await FindAsync(db, keyId, ct);
        var now = clock.GetUtcNow();
        if (!old.IsActiveAt(now))
        {
            throw new EntityConflictException("Only an active key can be rotated; issue a new key instead.");
        }

        var secret = ApiKeyFormat.Generate();
        ApiKeyFormat.TryGetPrefix(secret, out var prefix);
        var replacement = new ApiKey
        {
            TeamId = old.TeamId,
            Name = old.Name,
            Prefix = prefix!,
            SecretHash = hasher.Hash(secret),
            AllowedAliases = [.. old.AllowedAliases],
            ExpiresAt = old.ExpiresAt,
            Priority = old.Priority,
            CreatedAt = now,
            CreatedBy = actor,
            // The replacement stays the issuer's key, whoever rotated it.
            IssuedByUserId = old.IssuedByUserId,
            RotatedFromKeyId = old.Id,
        };
        var overlapEnds = now.AddMinutes(input.OverlapMinutes);
        if (old.ExpiresAt is null || old.ExpiresAt > overlapEnds)
        {
            old.ExpiresAt = overlapEnds;
        }

        db.ApiKeys.Add(replacement);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return new IssuedApiKey(ApiKeyView.From(replacement, now), secret);
    }

    public async Task<ApiKeyView> RevokeAsync(Guid keyId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await FindAsync(db, keyId, ct);
        var now = clock.GetUtcNow();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = now;
            await db.SaveConfigurationChangesAsync(actor, ct);
        }

        return ApiKeyView.From(key, now);
    }

    /// <summary>Sets or clears (null: the team's class) the key's own priority class.</summary>
    public async Task<ApiKeyView> SetPriorityAsync(Guid keyId, PriorityClass? priority, string actor, bool mayRaisePriority, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await FindAsync(db, keyId, ct);
        EnsurePriorityAllowed(await TeamService.FindAsync(db, key.TeamId, ct), priority, mayRaisePriority);
        key.Priority = priority;
        await db.SaveConfigurationChangesAsync(actor, ct);
        return ApiKeyView.From(key, clock.GetUtcNow());
    }

    /// <summary>
    /// A key may lower its team's class freely, but only a gateway admin may raise it: otherwise any member could give
    /// their own key the capacity reserved for High.
    /// </summary>
    internal static void EnsurePriorityAllowed(Team team, PriorityClass? priority, bool mayRaise)
    {
        if (priority is not { } value)
        {
            return;
        }

        var errors = new ValidationErrors();
        errors.Defined("priority", value);
        if (Enum.IsDefined(value) && value > team.Priority && !mayRaise)
        {
            errors.Add("priority", $"Only a gateway admin may give a key a higher priority class than its team's ({team.Priority}).");
        }

        errors.ThrowIfAny();
    }

    private static async Task<ApiKey> FindAsync(PortalDbContext db, Guid keyId, CancellationToken ct) =>
        await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId, ct) ?? throw new EntityNotFoundException("API key", keyId);

    private static async Task ValidateAsync(PortalDbContext db, Team team, ApiKeyInput input, List<string> aliases, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.RequireName("name", input.Name);
        if (ApiKey.HasExpired(input.ExpiresAt, now))
        {
            errors.Add("expiresAt", "'expiresAt' must be in the future.");
        }

        if (team.MaxKeyLifetimeDays is { } maxDays && (input.ExpiresAt is null || input.ExpiresAt > now.AddDays(maxDays)))
        {
            errors.Add("expiresAt", $"This team's keys must expire within {maxDays} days.");
        }

        if (aliases.Count > 0)
        {
            var known = await db.Aliases.Where(a => aliases.Contains(a.Name)).Select(a => a.Name).ToListAsync(ct);
            foreach (var alias in aliases.Except(known, StringComparer.Ordinal))
            {
                errors.Add("allowedAliases", $"There is no alias named '{alias}'.");
            }

            var teamScope = AliasScope.Of(team.AllowedAliases);
            foreach (var alias in aliases.Where(a => !teamScope.Allows(a)))
            {
                errors.Add("allowedAliases", $"Team '{team.Name}' may not use alias '{alias}'.");
            }
        }

        errors.ThrowIfAny();
    }

    private static async Task EnsureRoomForAnotherKeyAsync(PortalDbContext db, Team team, DateTimeOffset now, CancellationToken ct)
    {
        if (!team.Enabled)
        {
            throw new EntityConflictException($"Team '{team.Name}' is disabled; enable it before issuing keys.");
        }

        if (team.MaxKeys is { } max)
        {
            var active = await db.ApiKeys.Where(k => k.TeamId == team.Id).CountAsync(ApiKey.ActiveAt(now), ct);
            if (active >= max)
            {
                throw new EntityConflictException($"Team '{team.Name}' already has {active} active keys, its maximum; revoke one first.");
            }
        }
    }
}
