using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Pricing;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Configuration;

/// <summary>Exports the whole configuration as one document, and applies a document: a dry run shows the plan, an apply writes it in one audited transaction.</summary>
public sealed class GatewayConfigurationService(IDbContextFactory<PortalDbContext> dbFactory, BackendSecretProtector protector, TimeProvider clock)
{
    public async Task<GatewayConfigurationDocument> ExportAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var backends = await db.Backends.AsNoTracking().Include(b => b.Deployments).ThenInclude(d => d.Prices).AsSplitQuery().ToListAsync(ct);
        var aliases = await db.Aliases.AsNoTracking().Include(a => a.Targets).AsSplitQuery().ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).Include(t => t.QuotaPolicies).AsSplitQuery().ToListAsync(ct);
        var deployments = backends.SelectMany(b => b.Deployments.Select(d => (d.Id, Backend: b.Name, d.Name))).ToDictionary(d => d.Id);
        var aliasNames = aliases.ToDictionary(a => a.Id, a => a.Name);

        return new GatewayConfigurationDocument
        {
            Backends = backends.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => new BackendDocument
            {
                Name = b.Name, Kind = b.Kind, BaseUrl = b.BaseUrl, Region = b.Region, Tier = b.Tier, CredentialKind = b.CredentialKind,
                ApiKeySecret = b.CredentialKind == BackendCredentialKind.ApiKey ? SecretReference.ForBackendKey(b.Name) : null,
                ManagedIdentityClientId = b.ManagedIdentityClientId, ApiVersion = b.ApiVersion, Enabled = b.Enabled,
                Deployments = b.Deployments.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new DeploymentDocument
                {
                    Name = d.Name, Model = d.Model, ModelVersion = d.ModelVersion,
                    CapacityTokensPerMinute = d.CapacityTokensPerMinute, CapacityRequestsPerMinute = d.CapacityRequestsPerMinute,
                    Enabled = d.Enabled,
                    Prices = d.Prices.Count == 0 ? null : d.Prices.OrderBy(p => p.ServiceTier, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).Select(p => new DeploymentPriceInput
                    {
                        ServiceTier = p.ServiceTier, EffectiveFrom = p.EffectiveFrom.ToUniversalTime(),
                        InputPer1K = Trim(p.InputPer1K), CachedInputPer1K = Trim(p.CachedInputPer1K), OutputPer1K = Trim(p.OutputPer1K),
                        ReasoningPer1K = Trim(p.ReasoningPer1K), AudioInputPer1K = Trim(p.AudioInputPer1K), AudioOutputPer1K = Trim(p.AudioOutputPer1K),
                        MonthlyFixedCost = Trim(p.MonthlyFixedCost),
                    }).ToList(),
                }).ToList(),
            }).ToList(),
            Aliases = aliases.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new AliasDocument
            {
                Name = a.Name, Description = a.Description, Enabled = a.Enabled, FirstByteTimeoutSeconds = a.FirstByteTimeoutSeconds, AllowMixedModelVersions = a.AllowMixedModelVersions,
                RoutingStrategy = a.RoutingStrategy, HighReservedPercent = a.HighReservedPercent, MaxQueueLength = a.MaxQueueLength,
                LowQueueSeconds = a.LowQueueSeconds, NormalQueueSeconds = a.NormalQueueSeconds,
                Targets = a.Targets.Select(t => (Target: t, Deployment: deployments[t.DeploymentId]))
                    .OrderBy(t => t.Deployment.Backend, StringComparer.Ordinal).ThenBy(t => t.Deployment.Name, StringComparer.Ordinal)
                    .Select(t => new AliasTargetDocument { Backend = t.Deployment.Backend, Deployment = t.Deployment.Name, Weight = t.Target.Weight, PriorityTier = t.Target.PriorityTier })
                    .ToList(),
            }).ToList(),
            Teams = teams.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new TeamDocument
            {
                Name = t.Name, Description = t.Description, Priority = t.Priority, AllowedRegions = t.AllowedRegions, AllowedAliases = t.AllowedAliases,
                EntraAppIds = t.EntraAppIds, MaxKeys = t.MaxKeys, MaxKeyLifetimeDays = t.MaxKeyLifetimeDays, MaxRequestsInFlight = t.MaxRequestsInFlight, Enabled = t.Enabled,
                Members = t.Members.OrderBy(m => m.UserId, StringComparer.Ordinal)
                    .Select(m => new TeamMemberDocument { UserId = m.UserId, DisplayName = m.DisplayName, Role = m.Role }).ToList(),
                Quota = t.QuotaPolicies.Where(p => p.Scope == QuotaScope.Team).Select(p => Limits(new QuotaLimitsDocument(), p)).FirstOrDefault(),
                AliasQuotas = t.QuotaPolicies.Where(p => p.Scope == QuotaScope.TeamAlias && p.AliasId is not null)
                    .Select(p => Limits(new AliasQuotaDocument { Alias = aliasNames[p.AliasId!.Value] }, p))
                    .OrderBy(q => q.Alias, StringComparer.Ordinal).ToList(),
            }).ToList(),
        };
    }

    /// <summary>
    /// Brings the configuration to the document: what it names is created or updated, what it leaves out is deleted
    /// (a deleted team takes its keys with it). With <paramref name="dryRun"/> nothing is written. Every error in the
    /// document is reported at once, and then nothing is written either.
    /// </summary>
    /// <param name="expectedVersion">When given, the apply is refused if the configuration has changed since that version (the one a reviewed plan was made against).</param>
    public async Task<ConfigurationPlan> ApplyAsync(GatewayConfigurationDocument document, string actor, bool dryRun, long? expectedVersion = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await CurrentVersionAsync(db, ct);
        if (expectedVersion is { } expected && expected != version)
        {
            throw new EntityConflictException($"The configuration has changed since version {expected} (it is now {version}); make the plan again.");
        }

        var reconciler = new ConfigurationReconciler(db, protector, clock.GetUtcNow());
        await reconciler.ReconcileAsync(document, ct);
        var changes = reconciler.DescribeChanges();
        if (dryRun || changes.Count == 0)
        {
            return new ConfigurationPlan(version, Applied: false, version, changes);
        }

        await db.SaveConfigurationChangesAsync(actor, ct);
        var applied = await CurrentVersionAsync(db, ct);
        await transaction.CommitAsync(ct);
        return new ConfigurationPlan(version, Applied: true, applied, changes);
    }

    private static Task<long> CurrentVersionAsync(PortalDbContext db, CancellationToken ct) =>
        db.ConfigVersions.Where(v => v.Id == ConfigVersion.SingletonId).Select(v => v.Version).FirstOrDefaultAsync(ct);

    private static T Limits<T>(T document, QuotaPolicy policy)
        where T : QuotaLimitsDocument
    {
        document.RequestsPerMinute = policy.RequestsPerMinute;
        document.TokensPerMinute = policy.TokensPerMinute;
        document.DailyTokenBudget = policy.DailyTokenBudget;
        document.MonthlyTokenBudget = policy.MonthlyTokenBudget;
        document.MaxTokensPerRequest = policy.MaxTokensPerRequest;
        document.DailyCostBudget = policy.DailyCostBudget is { } daily ? Trim(daily) : null;
        document.MonthlyCostBudget = policy.MonthlyCostBudget is { } monthly ? Trim(monthly) : null;
        document.BudgetAlertPercents = policy.BudgetAlertPercents;
        return document;
    }

    // Databases keep a price's scale (0.150000 on PostgreSQL, 0.15 on SQLite); the document shows the number once, the same everywhere.
    private static decimal Trim(decimal value) => value / 1.000000000000000000000000000000000m;

    private static decimal? Trim(decimal? value) => value is { } v ? Trim(v) : null;
}
