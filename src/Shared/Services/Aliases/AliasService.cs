using System.Text.RegularExpressions;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Aliases;

/// <summary>Publishes model aliases and the weighted deployments behind them.</summary>
public sealed partial class AliasService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxWeight = 1000;

    /// <summary>Bounds of an alias's own wait for response headers; the gateway also holds it to half its retry budget.</summary>
    public const double MinFirstByteTimeoutSeconds = 1;

    public const double MaxFirstByteTimeoutSeconds = 600;

    /// <summary>At most this share of capacity may be kept for High, so Normal and Low are never shut out by configuration.</summary>
    public const int MaxHighReservedPercent = 90;

    public const int MaxQueueLengthLimit = 10_000;

    /// <summary>The longest a request may be held waiting for capacity; clients and proxies time out long before more.</summary>
    public const double MaxQueueSeconds = 600;

    public async Task<IReadOnlyList<AliasView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var aliases = await db.Aliases.AsNoTracking().Include(a => a.Targets).ThenInclude(t => t.Deployment).ThenInclude(d => d!.Backend)
            .OrderBy(a => a.Name).AsSplitQuery().ToListAsync(ct);
        var teams = await EnabledTeamsAsync(db, ct);
        return aliases.ConvertAll(a => AliasView.From(a, RegionWarnings.For(a, teams)));
    }

    public async Task<AliasView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alias = await FindAsync(db, id, ct);
        return AliasView.From(alias, RegionWarnings.For(alias, await EnabledTeamsAsync(db, ct)));
    }

    public async Task<AliasView> CreateAsync(AliasInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureNameFreeAsync(db, input.Name!, null, ct);
        await EnsureDeploymentsFitAsync(db, input, null, ct);
        var alias = new ModelAlias { Name = input.Name!.Trim(), CreatedAt = clock.GetUtcNow() };
        Apply(db, alias, input);
        db.Aliases.Add(alias);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return await GetAsync(alias.Id, ct);
    }

    /// <summary>Replaces the alias's settings and its whole target list.</summary>
    public async Task<AliasView> UpdateAsync(Guid id, AliasInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alias = await FindAsync(db, id, ct);
        await EnsureNameFreeAsync(db, input.Name!, id, ct);
        await EnsureDeploymentsFitAsync(db, input, id, ct);
        Apply(db, alias, input);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return await GetAsync(alias.Id, ct);
    }

    public async Task DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alias = await FindAsync(db, id, ct);
        if (await db.Rollouts.AnyAsync(r => r.AliasId == id && (r.State == RolloutState.Running || r.State == RolloutState.Paused || r.State == RolloutState.Pending), ct))
        {
            throw new EntityConflictException($"Alias '{alias.Name}' has a rollout in progress; finish or cancel it first.");
        }

        var policies = await db.QuotaPolicies.Where(p => p.AliasId == id).ToListAsync(ct);
        db.QuotaPolicies.RemoveRange(policies);
        db.Aliases.Remove(alias);
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    /// <summary>Sets a validated input on a new or loaded alias; targets kept from before keep their ids, so the audit shows what moved.</summary>
    internal static void Apply(PortalDbContext db, ModelAlias alias, AliasInput input)
    {
        alias.Name = input.Name!.Trim();
        alias.Description = input.Description?.Trim();
        alias.Enabled = input.Enabled;
        alias.FirstByteTimeoutSeconds = input.FirstByteTimeoutSeconds;
        alias.AllowMixedModelVersions = input.AllowMixedModelVersions;
        alias.RoutingStrategy = input.RoutingStrategy;
        alias.HighReservedPercent = input.HighReservedPercent;
        alias.MaxQueueLength = input.MaxQueueLength;
        alias.LowQueueSeconds = input.LowQueueSeconds;
        alias.NormalQueueSeconds = input.NormalQueueSeconds;

        var wanted = input.Targets!.ToDictionary(t => t.DeploymentId);
        foreach (var existing in alias.Targets.ToList())
        {
            if (wanted.Remove(existing.DeploymentId, out var target))
            {
                existing.Weight = target.Weight;
                existing.PriorityTier = target.PriorityTier;
            }
            else
            {
                alias.Targets.Remove(existing);
                db.AliasTargets.Remove(existing);
            }
        }

        foreach (var target in input.Targets!.Where(t => wanted.ContainsKey(t.DeploymentId)))
        {
            alias.Targets.Add(new AliasTarget { AliasId = alias.Id, DeploymentId = target.DeploymentId, Weight = target.Weight, PriorityTier = target.PriorityTier });
        }
    }

    private static async Task<ModelAlias> FindAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Aliases.Include(a => a.Targets).ThenInclude(t => t.Deployment).ThenInclude(d => d!.Backend).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new EntityNotFoundException("Alias", id);

    /// <summary>The teams <see cref="RegionWarnings"/> looks among; it passes over those without region limits.</summary>
    private static Task<List<Team>> EnabledTeamsAsync(PortalDbContext db, CancellationToken ct) =>
        db.Teams.AsNoTracking().Where(t => t.Enabled).ToListAsync(ct);

    private static async Task EnsureNameFreeAsync(PortalDbContext db, string name, Guid? self, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await db.Aliases.AnyAsync(a => a.Name == trimmed && a.Id != self, ct))
        {
            throw new EntityConflictException($"An alias named '{trimmed}' already exists.");
        }
    }

    /// <summary>The targets name existing deployments of one model version (or the alias allows a mix).</summary>
    private static async Task EnsureDeploymentsFitAsync(PortalDbContext db, AliasInput input, Guid? self, CancellationToken ct)
    {
        var targets = input.Targets!;
        var ids = targets.Select(t => t.DeploymentId).ToList();
        var known = await db.Deployments.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var errors = new ValidationErrors();
        for (var i = 0; i < targets.Count; i++)
        {
            if (!known.Exists(d => d.Id == targets[i].DeploymentId))
            {
                errors.Add($"targets[{i}].deploymentId", $"There is no deployment with id '{targets[i].DeploymentId}'.");
            }
        }

        var green = self is { } aliasId ? await ModelVersionCheck.RolloutGreenAsync(db, aliasId, ct) : null;
        ModelVersionCheck.Check(errors, "targets", known, input.AllowMixedModelVersions, green);
        errors.ThrowIfAny();
    }

    internal static void Validate(AliasInput input)
    {
        var errors = new ValidationErrors();
        errors.RequireName("name", input.Name);
        if (!string.IsNullOrWhiteSpace(input.Name) && !AliasNamePattern().IsMatch(input.Name.Trim()))
        {
            errors.Add("name", "'name' may contain only letters, digits, '.', '-' and '_', as an Azure deployment name does.");
        }

        errors.MaxLength("description", input.Description, FieldLimits.Description);
        if (input.FirstByteTimeoutSeconds is { } firstByte && !(firstByte is >= MinFirstByteTimeoutSeconds and <= MaxFirstByteTimeoutSeconds))
        {
            errors.Add("firstByteTimeoutSeconds", $"'firstByteTimeoutSeconds' must be between {MinFirstByteTimeoutSeconds} and {MaxFirstByteTimeoutSeconds} seconds, or null for the gateway's default.");
        }

        ValidateCapacity(input, errors);
        var targets = input.Targets ?? [];
        if (targets.Count == 0)
        {
            errors.Add("targets", "An alias needs at least one target deployment.");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Weight is < 0 or > MaxWeight)
            {
                errors.Add($"targets[{i}].weight", $"'weight' must be between 0 and {MaxWeight}.");
            }

            if (targets[i].PriorityTier is < 0)
            {
                errors.Add($"targets[{i}].priorityTier", "'priorityTier' must not be negative.");
            }
        }

        if (targets.GroupBy(t => t.DeploymentId).Any(g => g.Count() > 1))
        {
            errors.Add("targets", "Each deployment may appear only once among an alias's targets.");
        }

        if (targets.Count > 0 && targets.All(t => t.Weight == 0))
        {
            errors.Add("targets", "At least one target needs a weight above zero.");
        }

        errors.ThrowIfAny();
    }

    private static void ValidateCapacity(AliasInput input, ValidationErrors errors)
    {
        errors.Defined("routingStrategy", input.RoutingStrategy);
        if (input.HighReservedPercent is < 0 or > MaxHighReservedPercent)
        {
            errors.Add("highReservedPercent", $"'highReservedPercent' must be between 0 and {MaxHighReservedPercent}: the share of each deployment's capacity kept for High traffic.");
        }

        if (input.MaxQueueLength is < 0 or > MaxQueueLengthLimit)
        {
            errors.Add("maxQueueLength", $"'maxQueueLength' must be between 0 (no queue) and {MaxQueueLengthLimit}.");
        }

        if (!(input.LowQueueSeconds is >= 0 and <= MaxQueueSeconds))
        {
            errors.Add("lowQueueSeconds", $"'lowQueueSeconds' must be between 0 (never wait) and {MaxQueueSeconds} seconds.");
        }

        if (!(input.NormalQueueSeconds is >= 0 and <= MaxQueueSeconds))
        {
            errors.Add("normalQueueSeconds", $"'normalQueueSeconds' must be between 0 (never wait) and {MaxQueueSeconds} seconds.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex AliasNamePattern();
}
