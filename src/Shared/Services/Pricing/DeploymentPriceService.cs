using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Pricing;

/// <summary>
/// A deployment's versioned price table. A version is added to take effect now or later and is never changed once in
/// force: usage already recorded keeps the cost it was given, and past days may already be closed. Only a version
/// still scheduled may be removed.
/// </summary>
public sealed class DeploymentPriceService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<DeploymentPriceView>> ListAsync(Guid deploymentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureDeploymentAsync(db, deploymentId, ct);
        var prices = await db.DeploymentPrices.AsNoTracking().Where(p => p.DeploymentId == deploymentId).ToListAsync(ct);
        return DeploymentPriceView.Table(prices, clock.GetUtcNow());
    }

    public async Task<DeploymentPriceView> AddAsync(Guid deploymentId, DeploymentPriceInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        DeploymentPriceRules.Check(input, errors);
        var effectiveFrom = input.EffectiveFrom ?? now;
        if (effectiveFrom < now - DeploymentPriceRules.ClockSkew)
        {
            errors.Add("effectiveFrom", "'effectiveFrom' must not be in the past: usage already recorded keeps the price it was charged.");
        }

        errors.ThrowIfAny();
        // Within the allowed skew, the version starts now, so nothing already recorded falls under it.
        effectiveFrom = effectiveFrom < now ? now : effectiveFrom;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureDeploymentAsync(db, deploymentId, ct);
        var version = DeploymentPriceRules.ToVersion(input, deploymentId, effectiveFrom, now);
        if (await db.DeploymentPrices.AnyAsync(p => p.DeploymentId == deploymentId && p.ServiceTier == version.ServiceTier && p.EffectiveFrom == version.EffectiveFrom, ct))
        {
            throw new EntityConflictException($"The {version.ServiceTier} tier already has a version taking effect at {version.EffectiveFrom:u}; remove it first.");
        }

        db.DeploymentPrices.Add(version);
        await db.SaveConfigurationChangesAsync(actor, ct);
        var prices = await db.DeploymentPrices.AsNoTracking().Where(p => p.DeploymentId == deploymentId && p.ServiceTier == version.ServiceTier).ToListAsync(ct);
        return DeploymentPriceView.Table(prices, now).Single(p => p.Id == version.Id);
    }

    public async Task DeleteAsync(Guid deploymentId, Guid priceId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.DeploymentPrices.FirstOrDefaultAsync(p => p.Id == priceId && p.DeploymentId == deploymentId, ct)
            ?? throw new EntityNotFoundException("Price version", priceId);
        if (version.EffectiveFrom <= clock.GetUtcNow())
        {
            throw new EntityConflictException("This price version is already in force: it prices the usage recorded under it, so it cannot be removed. Add a new version instead.");
        }

        db.DeploymentPrices.Remove(version);
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    private static async Task EnsureDeploymentAsync(PortalDbContext db, Guid deploymentId, CancellationToken ct)
    {
        if (!await db.Deployments.AnyAsync(d => d.Id == deploymentId, ct))
        {
            throw new EntityNotFoundException("Deployment", deploymentId);
        }
    }
}
