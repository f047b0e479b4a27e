using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Backends;

/// <summary>The model deployments on each backend, with their capacity and prices.</summary>
public sealed class DeploymentService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const decimal MaxMonthlyFixedCost = 1_000_000_000_000m;

    public async Task<IReadOnlyList<DeploymentView>> ListAsync(Guid? backendId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Deployments.AsNoTracking();
        if (backendId is { } id)
        {
            query = query.Where(d => d.BackendId == id);
        }

        var deployments = await query.OrderBy(d => d.Name).ToListAsync(ct);
        return deployments.ConvertAll(DeploymentView.From);
    }

    public async Task<DeploymentView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return DeploymentView.From(await FindAsync(db, id, ct));
    }

    public async Task<DeploymentView> CreateAsync(DeploymentInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureBackendAndNameAsync(db, input, null, ct);
        var deployment = new Deployment { Name = input.Name!.Trim(), Model = input.Model!.Trim(), CreatedAt = clock.GetUtcNow() };
        Apply(deployment, input);
        db.Deployments.Add(deployment);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return DeploymentView.From(deployment);
    }

    public async Task<DeploymentView> UpdateAsync(Guid id, DeploymentInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deployment = await FindAsync(db, id, ct);
        await EnsureBackendAndNameAsync(db, input, id, ct);
        deployment.Name = input.Name!.Trim();
        deployment.Model = input.Model!.Trim();
        Apply(deployment, input);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return DeploymentView.From(deployment);
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
        await db.Deployments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new EntityNotFoundException("Deployment", id);

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
        deployment.InputPricePer1K = input.InputPricePer1K;
        deployment.OutputPricePer1K = input.OutputPricePer1K;
        deployment.MonthlyFixedCost = input.MonthlyFixedCost;
        deployment.Enabled = input.Enabled;
    }

    internal static void Validate(DeploymentInput input)
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
        errors.NotNegative("inputPricePer1K", input.InputPricePer1K);
        errors.NotNegative("outputPricePer1K", input.OutputPricePer1K);
        errors.NotNegative("monthlyFixedCost", input.MonthlyFixedCost);
        if (input.MonthlyFixedCost > MaxMonthlyFixedCost)
        {
            // The column holds 14 integer digits; a larger value would fail in the database instead of here.
            errors.Add("monthlyFixedCost", $"'monthlyFixedCost' must be at most {MaxMonthlyFixedCost}.");
        }

        errors.ThrowIfAny();
    }
}
