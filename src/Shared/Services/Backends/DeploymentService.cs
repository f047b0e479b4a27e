using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Pricing;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Backends;

/// <summary>The model deployments on each backend, with their capacity and price tables.</summary>
public sealed class DeploymentService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<DeploymentView>> ListAsync(Guid? backendId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        IQueryable<Deployment> query = db.Deployments.AsNoTracking().Include(d => d.Prices);
        if (backendId is { } id)
        {
            query = query.Where(d => d.BackendId == id);
        }

        var deployments = await query.OrderBy(d => d.Name).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return deployments.ConvertAll(d => DeploymentView.From(d, now));
    }

    public async Task<DeploymentView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return DeploymentView.From(await FindAsync(db, id, ct), clock.GetUtcNow());
    }

    public async Task<DeploymentView> CreateAsync(DeploymentInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input, creating: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureBackendAndNameAsync(db, input, null, ct);
        var now = clock.GetUtcNow();
        var deployment = new Deployment { Name = input.Name!.Trim(), Model = input.Model!.Trim(), CreatedAt = now };
        Apply(deployment, input);
        if (input.Price is { } price)
        {
            // A new deployment has no usage yet: its first prices apply from the start, the same for every period.
            deployment.Prices.Add(DeploymentPriceRules.ToVersion(price, deployment.Id, DeploymentPriceRules.Always, now));
        }

        db.Deployments.Add(deployment);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return DeploymentView.From(deployment, now);
    }

    public async Task<DeploymentView> UpdateAsync(Guid id, DeploymentInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input, creating: false);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deployment = await FindAsync(db, id, ct);
        await EnsureBackendAndNameAsync(db, input, id, ct);
        deployment.Name = input.Name!.Trim();
        deployment.Model = input.Model!.Trim();
        Apply(deployment, input);
        await EnsureAliasesKeepOneModelAsync(db, deployment, ct);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return DeploymentView.From(deployment, clock.GetUtcNow());
    }

    /// <summary>A new model or version must not mix models behind an alias that serves one (see <see cref="ModelVersionCheck"/>).</summary>
    private static async Task EnsureAliasesKeepOneModelAsync(PortalDbContext db, Deployment deployment, CancellationToken ct)
    {
        var aliases = await db.Aliases.AsNoTracking().Where(a => !a.AllowMixedModelVersions && a.Targets.Any(t => t.DeploymentId == deployment.Id))
            .Include(a => a.Targets).ThenInclude(t => t.Deployment).AsSplitQuery().ToListAsync(ct);
        var errors = new ValidationErrors();
        foreach (var alias in aliases)
        {
            var others = alias.Targets.Where(t => t.DeploymentId != deployment.Id && t.Deployment is not null).Select(t => t.Deployment!);
            var green = await ModelVersionCheck.RolloutGreenAsync(db, alias.Id, ct);
            ModelVersionCheck.Check(errors, "modelVersion", [deployment, .. others], allowMixed: false, green);
            errors.ThrowIfAny();
        }
    }

    public async Task DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deployment = await FindAsync(db, id, ct);
        var aliases = await db.AliasTargets.Where(t => t.DeploymentId == id).Select(t => t.Alias!.Name).ToListAsync(ct);
        if (aliases.Count > 0)
        {
            throw new EntityConflictException($"Deployment '{deployment.Name}' is a target of alias(es) {string.Join(", ", aliases)}; remove it from them first.");
        }

        if (await db.Rollouts.AnyAsync(r => r.FromDeploymentId == id || r.ToDeploymentId == id, ct))
        {
            throw new EntityConflictException($"Deployment '{deployment.Name}' is part of a rollout's history and cannot be removed; disable it instead.");
        }

        db.Deployments.Remove(deployment);
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    private static async Task<Deployment> FindAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Deployments.Include(d => d.Prices).FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new EntityNotFoundException("Deployment", id);

    private static async Task EnsureBackendAndNameAsync(PortalDbContext db, DeploymentInput input, Guid? self, CancellationToken ct)
    {
        if (!await db.Backends.AnyAsync(b => b.Id == input.BackendId, ct))
        {
            throw RequestValidationException.For("backendId", $"There is no backend with id '{input.BackendId}'.");
        }

        var name = input.Name!.Trim();
        if (await db.Deployments.AnyAsync(d => d.BackendId == input.BackendId && d.Name == name && d.Id != self, ct))
        {
            throw new EntityConflictException($"This backend already has a deployment named '{name}'.");
        }
    }

    internal static void Apply(Deployment deployment, DeploymentInput input)
    {
        deployment.BackendId = input.BackendId;
        deployment.ModelVersion = string.IsNullOrWhiteSpace(input.ModelVersion) ? null : input.ModelVersion.Trim();
        deployment.CapacityTokensPerMinute = input.CapacityTokensPerMinute;
        deployment.CapacityRequestsPerMinute = input.CapacityRequestsPerMinute;
        deployment.Enabled = input.Enabled;
    }

    internal static void Validate(DeploymentInput input, bool creating)
    {
        var errors = new ValidationErrors();
        if (input.BackendId == Guid.Empty)
        {
            errors.Add("backendId", "'backendId' is required.");
        }

        errors.RequireName("name", input.Name);
        errors.RequireName("model", input.Model);
        errors.MaxLength("modelVersion", input.ModelVersion, 64);
        errors.Positive("capacityTokensPerMinute", input.CapacityTokensPerMinute);
        errors.Positive("capacityRequestsPerMinute", input.CapacityRequestsPerMinute);
        foreach (var (field, value) in new[] { ("inputPricePer1K", input.InputPricePer1K), ("outputPricePer1K", input.OutputPricePer1K), ("monthlyFixedCost", input.MonthlyFixedCost) })
        {
            if (value is not null)
            {
                errors.Add(field, $"'{field}' is no longer a deployment field: prices live in the deployment's price table, as versions (`price` on create, then POST /api/admin/deployments/{{id}}/prices).");
            }
        }

        if (input.Price is { } price)
        {
            if (creating)
            {
                DeploymentPriceRules.Check(price, errors, "price.");
                if (price.ServiceTier is { } tier && tier != ServiceTiers.Default)
                {
                    errors.Add("price.serviceTier", "A deployment's first prices are its default tier's; add other tiers to its price table.");
                }
            }
            else
            {
                errors.Add("price", "A deployment's prices change by adding a version to its price table (POST /api/admin/deployments/{id}/prices), so that usage already recorded keeps its cost.");
            }
        }

        errors.ThrowIfAny();
    }
}
