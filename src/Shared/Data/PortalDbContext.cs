using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AiGateway.Shared.Data;

/// <summary>
/// The product's database. Configuration writes go through <see cref="SaveConfigurationChangesAsync"/>, which audits
/// them and bumps the configuration version in the same transaction, so no replica can see a change that was not
/// audited and no audited change can go unnoticed by the replicas.
/// </summary>
public sealed class PortalDbContext : DbContext, IDataProtectionKeyContext
{
    private readonly TimeProvider _clock;
    private bool _savingConfiguration;

    public PortalDbContext(DbContextOptions<PortalDbContext> options, TimeProvider? clock = null)
        : base(options)
    {
        _clock = clock ?? TimeProvider.System;
    }

    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<TeamApiToken> TeamApiTokens => Set<TeamApiToken>();
    public DbSet<Backend> Backends => Set<Backend>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<DeploymentPrice> DeploymentPrices => Set<DeploymentPrice>();
    public DbSet<ModelAlias> Aliases => Set<ModelAlias>();
    public DbSet<AliasTarget> AliasTargets => Set<AliasTarget>();
    public DbSet<QuotaPolicy> QuotaPolicies => Set<QuotaPolicy>();
    public DbSet<BudgetNotice> BudgetNotices => Set<BudgetNotice>();
    public DbSet<Rollout> Rollouts => Set<Rollout>();
    public DbSet<RolloutEvent> RolloutEvents => Set<RolloutEvent>();
    public DbSet<RolloutFigures> RolloutFigures => Set<RolloutFigures>();
    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();
    public DbSet<UsageHourlyRollup> UsageHourlyRollups => Set<UsageHourlyRollup>();
    public DbSet<ThrottleEvent> ThrottleEvents => Set<ThrottleEvent>();
    public DbSet<StoredObjectOwner> StoredObjectOwners => Set<StoredObjectOwner>();
    public DbSet<AlertChannel> AlertChannels => Set<AlertChannel>();
    public DbSet<AlertEvent> AlertEvents => Set<AlertEvent>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();
    public DbSet<ClosedPeriod> ClosedPeriods => Set<ClosedPeriod>();
    public DbSet<FixedCostAllocationLine> FixedCostAllocationLines => Set<FixedCostAllocationLine>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ConfigVersion> ConfigVersions => Set<ConfigVersion>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no date or decimal type: stored as text it cannot order or sum them. Binary ticks and
            // doubles keep range queries and rollup sums in SQL on the embedded default; the server providers keep
            // exact native types.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
    }

    /// <summary>
    /// Saves pending changes; when any configuration entity changed, also writes one audit event per change and bumps
    /// the configuration version, all in one transaction.
    /// </summary>
    public async Task<int> SaveConfigurationChangesAsync(string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = _clock.GetUtcNow();
        var audit = AuditTrail.Capture(ChangeTracker, actor, now);
        if (audit.Count == 0)
        {
            return await base.SaveChangesAsync(cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            _savingConfiguration = true;
            AuditEvents.AddRange(audit.Select(a => a.ToEvent()));
            var written = await base.SaveChangesAsync(cancellationToken);
            await ConfigVersions
                .Where(v => v.Id == ConfigVersion.SingletonId)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1).SetProperty(v => v.UpdatedAt, now), cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        catch (DbUpdateException e) when (DatabaseConstraintViolation.IsConstraintViolation(e))
        {
            throw new EntityConflictException("The change conflicts with another one made at the same time (a duplicate name, or an item in use); reload and try again.");
        }
        finally
        {
            _savingConfiguration = false;
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureNotBypassingAudit();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureNotBypassingAudit();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void EnsureNotBypassingAudit()
    {
        if (!_savingConfiguration && AuditTrail.HasConfigurationChanges(ChangeTracker))
        {
            throw new InvalidOperationException(
                "Configuration entities changed: save them with SaveConfigurationChangesAsync(actor) so the change is audited and replicas reload.");
        }
    }
}
