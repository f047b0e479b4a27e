using System.Collections.Frozen;
using System.Collections.Immutable;
using AiGateway.Gateway.Quotas;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Configuration;

/// <summary>Reads the whole configuration at one version and builds an immutable <see cref="GatewaySnapshot"/>.</summary>
public sealed class GatewaySnapshotLoader(
    IDbContextFactory<PortalDbContext> dbFactory,
    BackendSecretProtector secrets,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock)
{
    /// <summary>The current configuration version, one cheap query, for the poller to decide whether to reload.</summary>
    public async Task<long> ReadVersionAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConfigVersions.AsNoTracking().Where(v => v.Id == ConfigVersion.SingletonId).Select(v => v.Version).SingleAsync(ct);
    }

    public async Task<GatewaySnapshot> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One repeatable view of the configuration: a write between these reads must not give a snapshot that is half old, half new.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var version = await db.ConfigVersions.AsNoTracking().Where(v => v.Id == ConfigVersion.SingletonId).Select(v => v.Version).SingleAsync(ct);
        var teams = await db.Teams.AsNoTracking().ToListAsync(ct);
        // Unrevoked rather than ApiKey.ActiveAt: expiry can pass while the snapshot is in use, so each request checks it.
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(ct);
        var policies = await db.QuotaPolicies.AsNoTracking().ToListAsync(ct);
        var backends = await db.Backends.AsNoTracking().Where(b => b.Enabled).ToListAsync(ct);
        var deployments = await db.Deployments.AsNoTracking().Where(d => d.Enabled).Include(d => d.Prices).ToListAsync(ct);
        var aliases = await db.Aliases.AsNoTracking().Where(a => a.Enabled).Include(a => a.Targets).ToListAsync(ct);
        var rollouts = await db.Rollouts.AsNoTracking()
            .Where(r => r.State == RolloutState.Running || r.State == RolloutState.Paused)
            .ToListAsync(ct);
        await transaction.CommitAsync(ct);

        var keyLimits = policies.Where(p => p.Scope == QuotaScope.Key && p.ApiKeyId is not null).ToDictionary(p => p.ApiKeyId!.Value, ToLimits);
        var teamLimits = policies.Where(p => p.Scope == QuotaScope.Team).ToDictionary(p => p.TeamId, ToLimits);
        var teamAliasLimits = policies
            .Where(p => p.Scope == QuotaScope.TeamAlias && p.AliasId is not null)
            .ToFrozenDictionary(p => (p.TeamId, p.AliasId!.Value), ToLimits);

        var backendEntries = backends.ToFrozenDictionary(b => b.Id, ToEntry);
        var deploymentsById = deployments.Where(d => backendEntries.ContainsKey(d.BackendId)).ToDictionary(d => d.Id);
        // One schedule per deployment, shared by every alias target and rollout side that names it.
        var pricing = deploymentsById.Values.ToDictionary(d => d.Id, d => DeploymentPricing.From(d.Prices));

        return new GatewaySnapshot(
            version,
            clock.GetUtcNow(),
            keys.ToFrozenDictionary(k => k.Prefix, k => new ClientKeyEntry(
                k.Id, k.TeamId, k.Name, k.Prefix, k.SecretHash, AliasScope.Of(k.AllowedAliases), k.ExpiresAt, keyLimits.GetValueOrDefault(k.Id)) { Priority = k.Priority }, StringComparer.Ordinal),
            teams.ToFrozenDictionary(t => t.Id, t => new TeamEntry(
                t.Id, t.Name, t.Enabled, t.Priority, ToSet(t.AllowedRegions, StringComparer.OrdinalIgnoreCase), AliasScope.Of(t.AllowedAliases), teamLimits.GetValueOrDefault(t.Id), t.MaxRequestsInFlight)),
            teams.SelectMany(t => t.EntraAppIds.Select(app => (app, t.Id)))
                .DistinctBy(x => x.app, StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(x => x.app, x => x.Id, StringComparer.OrdinalIgnoreCase),
            aliases.ToFrozenDictionary(
                a => a.Name,
                a => WithRollout(ToEntry(a, deploymentsById, pricing, backendEntries), rollouts.FirstOrDefault(r => r.AliasId == a.Id), deploymentsById, pricing, backendEntries),
                StringComparer.Ordinal),
            backendEntries,
            teamAliasLimits);
    }

    private BackendEntry ToEntry(Backend b) => new(
        b.Id,
        b.Name,
        b.Kind,
        b.BaseUrl.TrimEnd('/'),
        b.Region,
        b.Tier,
        b.CredentialKind,
        b.CredentialKind == BackendCredentialKind.ApiKey ? secrets.TryUnprotect(b.ProtectedApiKey) : null,
        b.ManagedIdentityClientId,
        b.ApiVersion ?? options.CurrentValue.DefaultApiVersion);

    private static AliasEntry ToEntry(
        ModelAlias alias, Dictionary<Guid, Deployment> deployments, Dictionary<Guid, DeploymentPricing> pricing, FrozenDictionary<Guid, BackendEntry> backends)
    {
        var targets = ImmutableArray.CreateBuilder<AliasTargetEntry>();
        foreach (var target in alias.Targets)
        {
            if (target.Weight <= 0 || !deployments.TryGetValue(target.DeploymentId, out var deployment))
            {
                continue;
            }

            var backend = backends[deployment.BackendId];
            var tier = AliasTarget.EffectiveTier(target.PriorityTier, backend.Tier);
            targets.Add(new AliasTargetEntry(
                deployment.Id, deployment.Name, deployment.Model, backend, target.Weight, tier, pricing[deployment.Id]) with
            {
                TokensPerMinute = deployment.CapacityTokensPerMinute,
                RequestsPerMinute = deployment.CapacityRequestsPerMinute,
            });
        }

        targets.Sort((a, b) => a.Tier.CompareTo(b.Tier));
        var firstByteTimeout = alias.FirstByteTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return new AliasEntry(alias.Id, alias.Name, targets.ToImmutable(), FirstByteTimeout: firstByteTimeout)
        {
            CreatedAt = alias.CreatedAt,
            Capacity = AliasCapacitySettings.From(alias),
        };
    }

    /// <summary>
    /// Splits an alias with a rollout in progress into its two sides. Blue is the alias as configured (less green, if
    /// it is configured there too). Green is the same alias with green in the place of the target it replaces, at that
    /// target's tier and weight, and the replaced target in a tier of its own right after green's, ahead of the rest:
    /// a failing green falls back to what blue would have used, and spillover to the alias's other tiers is kept.
    /// </summary>
    private static AliasEntry WithRollout(
        AliasEntry alias,
        Rollout? rollout,
        Dictionary<Guid, Deployment> deployments,
        Dictionary<Guid, DeploymentPricing> pricing,
        FrozenDictionary<Guid, BackendEntry> backends)
    {
        if (rollout is null)
        {
            return alias;
        }

        var blueTargets = alias.Targets.Where(t => t.DeploymentId != rollout.ToDeploymentId).ToImmutableArray();
        if (blueTargets.IsEmpty)
        {
            // Nothing left to call blue: the alias routes as configured.
            return alias;
        }

        var blue = alias with { Targets = blueTargets };
        var green = blue;
        if (deployments.TryGetValue(rollout.ToDeploymentId, out var deployment))
        {
            green = blue with { Targets = GreenTargets(blueTargets, rollout.FromDeploymentId, deployment, pricing[deployment.Id], backends[deployment.BackendId]) };
        }

        var entry = new RolloutEntry(
            rollout.Id, rollout.Revision, rollout.Strategy, rollout.CurrentWeight, rollout.ShadowPercent, rollout.ToDeploymentId, blue, green, rollout.Assignment);
        return blue with { Rollout = entry };
    }

    private static ImmutableArray<AliasTargetEntry> GreenTargets(
        ImmutableArray<AliasTargetEntry> blueTargets, Guid replacedId, Deployment deployment, DeploymentPricing pricing, BackendEntry backend)
    {
        var replaced = blueTargets.FirstOrDefault(t => t.DeploymentId == replacedId);
        if (replaced is null)
        {
            // The replaced target was taken out of the alias or disabled meanwhile: green has no place to take, so it
            // goes first, in a tier of its own, with the alias's targets behind it.
            var first = new AliasTargetEntry(
                deployment.Id, deployment.Name, deployment.Model, backend, 1, blueTargets[0].Tier - 1, pricing) with
            {
                TokensPerMinute = deployment.CapacityTokensPerMinute,
                RequestsPerMinute = deployment.CapacityRequestsPerMinute,
            };
            return [first, .. blueTargets];
        }

        var targets = ImmutableArray.CreateBuilder<AliasTargetEntry>(blueTargets.Length + 1);
        foreach (var target in blueTargets)
        {
            if (target.DeploymentId == replacedId)
            {
                targets.Add(new AliasTargetEntry(
                    deployment.Id, deployment.Name, deployment.Model, backend, replaced.Weight, replaced.Tier, pricing) with
                {
                    TokensPerMinute = deployment.CapacityTokensPerMinute,
                    RequestsPerMinute = deployment.CapacityRequestsPerMinute,
                });
                targets.Add(replaced with { Tier = replaced.Tier + 1 });
            }
            else
            {
                // Later tiers move one down to make room for the replaced target between green's tier and theirs.
                targets.Add(target.Tier > replaced.Tier ? target with { Tier = target.Tier + 1 } : target);
            }
        }

        targets.Sort((a, b) => a.Tier.CompareTo(b.Tier));
        return targets.MoveToImmutable();
    }

    private static QuotaLimits ToLimits(QuotaPolicy p) =>
        new(p.Id, p.RequestsPerMinute, p.TokensPerMinute, p.DailyTokenBudget, p.MonthlyTokenBudget, p.MaxTokensPerRequest)
        {
            DailyCostBudgetMicros = QuotaCost.ToMicros(p.DailyCostBudget),
            MonthlyCostBudgetMicros = QuotaCost.ToMicros(p.MonthlyCostBudget),
        };

    private static FrozenSet<string>? ToSet(List<string> values, StringComparer comparer) =>
        values.Count == 0 ? null : values.ToFrozenSet(comparer);
}
