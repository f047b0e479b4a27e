using System.Globalization;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Pricing;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AiGateway.Shared.Services.Configuration;

/// <summary>
/// Brings the tracked configuration of one <see cref="PortalDbContext"/> to what a document says: things are matched
/// by name, created, updated or deleted, each checked by the same rules as the management API's own writes. Nothing
/// is saved here, so the change tracker then holds the exact plan, and one save applies it all or nothing.
/// </summary>
internal sealed class ConfigurationReconciler(PortalDbContext db, BackendSecretProtector protector, DateTimeOffset now)
{
    private readonly ValidationErrors _errors = new();
    private readonly Dictionary<object, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Backend, string Deployment), Deployment> _deployments = [];
    private readonly Dictionary<Guid, string> _deploymentNames = [];
    private readonly Dictionary<string, ModelAlias> _aliases = new(StringComparer.Ordinal);

    public async Task ReconcileAsync(GatewayConfigurationDocument document, CancellationToken ct)
    {
        if (document.ApiVersion != GatewayConfigurationDocument.CurrentApiVersion)
        {
            _errors.Add("apiVersion", $"'apiVersion' must be '{GatewayConfigurationDocument.CurrentApiVersion}'.");
        }

        if (document.Kind != GatewayConfigurationDocument.DocumentKind)
        {
            _errors.Add("kind", $"'kind' must be '{GatewayConfigurationDocument.DocumentKind}'.");
        }

        var backends = await db.Backends.Include(b => b.Deployments).ThenInclude(d => d.Prices).AsSplitQuery().ToListAsync(ct);
        var aliases = await db.Aliases.Include(a => a.Targets).AsSplitQuery().ToListAsync(ct);
        var teams = await db.Teams.Include(t => t.Members).Include(t => t.ApiKeys).Include(t => t.QuotaPolicies).AsSplitQuery().ToListAsync(ct);
        foreach (var backend in backends)
        {
            foreach (var deployment in backend.Deployments)
            {
                _deploymentNames[deployment.Id] = $"{backend.Name}/{deployment.Name}";
            }
        }

        var rollouts = await db.Rollouts.AsNoTracking()
            .Select(r => new { r.AliasId, r.FromDeploymentId, r.ToDeploymentId, Active = r.State == RolloutState.Pending || r.State == RolloutState.Running || r.State == RolloutState.Paused })
            .ToListAsync(ct);

        ReconcileBackends(document.Backends ?? [], backends, rollouts.SelectMany(r => new[] { r.FromDeploymentId, r.ToDeploymentId }).ToHashSet());
        ReconcileAliases(document.Aliases ?? [], aliases, rollouts.Where(r => r.Active).Select(r => r.AliasId).ToHashSet());
        ReconcileTeams(document.Teams ?? [], teams);
        _errors.ThrowIfAny();
    }

    /// <summary>The tracked changes as a plan, named as the document names things.</summary>
    public IReadOnlyList<ConfigurationChange> DescribeChanges()
    {
        db.ChangeTracker.DetectChanges();
        var changes = new List<ConfigurationChange>();
        foreach (var entry in db.ChangeTracker.Entries<IConfigurationEntity>())
        {
            var action = entry.State switch
            {
                EntityState.Added => "Create",
                EntityState.Modified => "Update",
                EntityState.Deleted => "Delete",
                _ => null,
            };
            if (action is null)
            {
                continue;
            }

            var fields = entry.State == EntityState.Modified ? ChangedFields(entry) : [];
            if (entry.State != EntityState.Modified || fields.Count > 0)
            {
                changes.Add(new ConfigurationChange(action, entry.Metadata.ClrType.Name, _names.GetValueOrDefault(entry.Entity, entry.Entity.Id.ToString()), fields));
            }
        }

        return changes;
    }

    private static List<FieldChange> ChangedFields(EntityEntry entry)
    {
        var fields = new List<FieldChange>();
        foreach (var property in entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
        {
            var name = JsonName(property.Metadata.Name == nameof(Backend.ProtectedApiKey) ? nameof(BackendDocument.ApiKey) : property.Metadata.Name);
            fields.Add(property.Metadata.IsSecret()
                ? new FieldChange(name, "***", "***")
                : new FieldChange(name, Format(property.OriginalValue), Format(property.CurrentValue)));
        }

        return fields;
    }

    private void ReconcileBackends(List<BackendDocument> wanted, List<Backend> existing, HashSet<Guid> deploymentsInRollouts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < wanted.Count; i++)
        {
            var path = $"backends[{i}]";
            var doc = wanted[i];
            var name = doc.Name?.Trim() ?? "";
            var backend = existing.FirstOrDefault(b => b.Name == name);
            var input = new BackendInput
            {
                Name = doc.Name, Kind = doc.Kind, BaseUrl = doc.BaseUrl, Region = doc.Region, Tier = doc.Tier, CredentialKind = doc.CredentialKind,
                // Protecting the same key again would give new ciphertext and a needless change: only a different key is written.
                ApiKey = doc.ApiKey is { Length: > 0 } key && key != protector.TryUnprotect(backend?.ProtectedApiKey) ? key : null,
                ManagedIdentityClientId = doc.ManagedIdentityClientId, ApiVersion = doc.ApiVersion, Enabled = doc.Enabled,
            };
            var hasKey = backend is { CredentialKind: BackendCredentialKind.ApiKey, ProtectedApiKey.Length: > 0 } || doc.ApiKey is { Length: > 0 };
            if (!Unique(seen, name, $"{path}.name", "backend") || !Check(path, () => BackendService.Validate(input, hasKey)))
            {
                continue;
            }

            if (backend is null)
            {
                backend = new Backend { Name = name, BaseUrl = input.BaseUrl!.Trim(), CreatedAt = now };
                db.Backends.Add(backend);
            }

            backend.Name = name;
            backend.BaseUrl = input.BaseUrl!.Trim();
            BackendService.Apply(backend, input, protector);
            _names[backend] = name;
            ReconcileDeployments(path, name, doc.Deployments ?? [], backend, deploymentsInRollouts);
        }

        foreach (var backend in existing.Where(b => !seen.Contains(b.Name)))
        {
            _names[backend] = backend.Name;
            RemoveDeployments(backend.Name, backend.Deployments, deploymentsInRollouts, "backends");
            db.Backends.Remove(backend);
        }
    }

    private void ReconcileDeployments(string backendPath, string backendName, List<DeploymentDocument> wanted, Backend backend, HashSet<Guid> deploymentsInRollouts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < wanted.Count; j++)
        {
            var path = $"{backendPath}.deployments[{j}]";
            var doc = wanted[j];
            var name = doc.Name?.Trim() ?? "";
            var input = new DeploymentInput
            {
                BackendId = backend.Id, Name = doc.Name, Model = doc.Model, ModelVersion = doc.ModelVersion,
                CapacityTokensPerMinute = doc.CapacityTokensPerMinute, CapacityRequestsPerMinute = doc.CapacityRequestsPerMinute, Enabled = doc.Enabled,
            };
            if (!Unique(seen, name, $"{path}.name", "deployment on this backend") || !Check(path, () => DeploymentService.Validate(input, creating: false)))
            {
                continue;
            }

            var deployment = backend.Deployments.FirstOrDefault(d => d.Name == name);
            var created = deployment is null;
            if (deployment is null)
            {
                deployment = new Deployment { Name = name, Model = input.Model!.Trim(), BackendId = backend.Id, CreatedAt = now };
                backend.Deployments.Add(deployment);
                db.Deployments.Add(deployment);
            }

            deployment.Name = name;
            deployment.Model = input.Model!.Trim();
            DeploymentService.Apply(deployment, input);
            _names[deployment] = _deploymentNames[deployment.Id] = $"{backendName}/{name}";
            if (doc.Prices is { } prices)
            {
                ReconcilePrices(path, deployment, prices, created);
            }
            _deployments[(backendName, name)] = deployment;
        }

        RemoveDeployments(backendName, backend.Deployments.Where(d => !seen.Contains(d.Name)), deploymentsInRollouts, $"{backendPath}.deployments");
    }

    /// <summary>
    /// Brings a deployment's price table to the document's. Versions are matched by tier and start; one in force stays
    /// as it is, since it priced recorded usage. A deployment created by this document has no usage yet, so its
    /// versions may start at any time; an existing one's new versions start now or later.
    /// </summary>
    private void ReconcilePrices(string deploymentPath, Deployment deployment, List<DeploymentPriceInput> wanted, bool created)
    {
        var seen = new HashSet<(string, DateTimeOffset)>();
        for (var k = 0; k < wanted.Count; k++)
        {
            var path = $"{deploymentPath}.prices[{k}]";
            var input = wanted[k];
            if (!Check(path, () =>
            {
                var errors = new ValidationErrors();
                DeploymentPriceRules.Check(input, errors);
                if (input.EffectiveFrom is null)
                {
                    errors.Add("effectiveFrom", "'effectiveFrom' is required: versions are matched by their tier and start.");
                }

                errors.ThrowIfAny();
            }))
            {
                continue;
            }

            var version = DeploymentPriceRules.ToVersion(input, deployment.Id, input.EffectiveFrom!.Value, now);
            if (!seen.Add((version.ServiceTier, version.EffectiveFrom)))
            {
                _errors.Add($"{path}.effectiveFrom", $"The {version.ServiceTier} tier has two versions taking effect at {version.EffectiveFrom:u}.");
                continue;
            }

            var existing = deployment.Prices.FirstOrDefault(p => p.ServiceTier == version.ServiceTier && p.EffectiveFrom == version.EffectiveFrom);
            if (existing is null)
            {
                if (!created && version.EffectiveFrom < now - DeploymentPriceRules.ClockSkew)
                {
                    _errors.Add($"{path}.effectiveFrom", "A new price version must not take effect in the past: usage already recorded keeps the price it was charged.");
                    continue;
                }

                _names[version] = $"{_names[deployment]} {version.ServiceTier} from {version.EffectiveFrom:u}";
                deployment.Prices.Add(version);
                db.DeploymentPrices.Add(version);
            }
            else if (!SamePrices(existing, version))
            {
                if (existing.EffectiveFrom <= now)
                {
                    _errors.Add(path, $"The {existing.ServiceTier} version from {existing.EffectiveFrom:u} is in force and cannot be changed; add a new version instead.");
                    continue;
                }

                (existing.InputPer1K, existing.CachedInputPer1K, existing.OutputPer1K, existing.ReasoningPer1K) =
                    (version.InputPer1K, version.CachedInputPer1K, version.OutputPer1K, version.ReasoningPer1K);
                (existing.AudioInputPer1K, existing.AudioOutputPer1K, existing.MonthlyFixedCost) =
                    (version.AudioInputPer1K, version.AudioOutputPer1K, version.MonthlyFixedCost);
                _names[existing] = $"{_names[deployment]} {existing.ServiceTier} from {existing.EffectiveFrom:u}";
            }
        }

        foreach (var left in deployment.Prices.Where(p => !seen.Contains((p.ServiceTier, p.EffectiveFrom.ToUniversalTime()))).ToList())
        {
            if (left.EffectiveFrom <= now)
            {
                _errors.Add($"{deploymentPath}.prices", $"The {left.ServiceTier} version from {left.EffectiveFrom.ToUniversalTime():u} is in force and cannot be removed; keep it in the document.");
                continue;
            }

            _names[left] = $"{_names[deployment]} {left.ServiceTier} from {left.EffectiveFrom:u}";
            deployment.Prices.Remove(left);
            db.DeploymentPrices.Remove(left);
        }
    }

    private static bool SamePrices(DeploymentPrice a, DeploymentPrice b) =>
        a.InputPer1K == b.InputPer1K && a.CachedInputPer1K == b.CachedInputPer1K && a.OutputPer1K == b.OutputPer1K
        && a.ReasoningPer1K == b.ReasoningPer1K && a.AudioInputPer1K == b.AudioInputPer1K && a.AudioOutputPer1K == b.AudioOutputPer1K
        && a.MonthlyFixedCost == b.MonthlyFixedCost;

    private void RemoveDeployments(string backendName, IEnumerable<Deployment> deployments, HashSet<Guid> deploymentsInRollouts, string path)
    {
        foreach (var deployment in deployments.ToList())
        {
            if (deploymentsInRollouts.Contains(deployment.Id))
            {
                _errors.Add(path, $"Deployment '{backendName}/{deployment.Name}' is part of a rollout's history and cannot be removed; keep it with 'enabled: false'.");
                continue;
            }

            _names[deployment] = $"{backendName}/{deployment.Name}";
            db.Deployments.Remove(deployment);
        }
    }

    private void ReconcileAliases(List<AliasDocument> wanted, List<ModelAlias> existing, HashSet<Guid> aliasesInRollout)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < wanted.Count; i++)
        {
            var path = $"aliases[{i}]";
            var doc = wanted[i];
            var name = doc.Name?.Trim() ?? "";
            var targets = new List<AliasTargetInput>();
            var deployments = new List<Deployment>();
            var targetDocs = doc.Targets ?? [];
            for (var k = 0; k < targetDocs.Count; k++)
            {
                var target = targetDocs[k];
                if (_deployments.TryGetValue((target.Backend?.Trim() ?? "", target.Deployment?.Trim() ?? ""), out var deployment))
                {
                    targets.Add(new AliasTargetInput { DeploymentId = deployment.Id, Weight = target.Weight, PriorityTier = target.PriorityTier });
                    deployments.Add(deployment);
                }
                else
                {
                    _errors.Add($"{path}.targets[{k}]", $"The document has no deployment '{target.Deployment}' on backend '{target.Backend}'.");
                }
            }

            var input = new AliasInput
            {
                Name = doc.Name, Description = doc.Description, Enabled = doc.Enabled, FirstByteTimeoutSeconds = doc.FirstByteTimeoutSeconds,
                AllowMixedModelVersions = doc.AllowMixedModelVersions,
                RoutingStrategy = doc.RoutingStrategy, HighReservedPercent = doc.HighReservedPercent, MaxQueueLength = doc.MaxQueueLength,
                LowQueueSeconds = doc.LowQueueSeconds, NormalQueueSeconds = doc.NormalQueueSeconds, Targets = targets,
            };
            if (!Unique(seen, name, $"{path}.name", "alias") || targets.Count != targetDocs.Count || !Check(path, () => AliasService.Validate(input))
                || !Check(path, () => CheckModelVersions(deployments, input.AllowMixedModelVersions)))
            {
                continue;
            }

            var alias = existing.FirstOrDefault(a => a.Name == name);
            if (alias is null)
            {
                alias = new ModelAlias { Name = name, CreatedAt = now };
                db.Aliases.Add(alias);
            }

            NameTargets(name, alias);
            AliasService.Apply(db, alias, input);
            NameTargets(name, alias);
            _names[alias] = name;

            _aliases[name] = alias;
        }

        foreach (var alias in existing.Where(a => !seen.Contains(a.Name)))
        {
            if (aliasesInRollout.Contains(alias.Id))
            {
                _errors.Add("aliases", $"Alias '{alias.Name}' has a rollout in progress; finish or cancel it before removing the alias.");
                continue;
            }

            _names[alias] = alias.Name;
            NameTargets(alias.Name, alias);

            db.Aliases.Remove(alias);
        }
    }

    private void NameTargets(string aliasName, ModelAlias alias)
    {
        foreach (var target in alias.Targets)
        {
            _names[target] = $"{aliasName} -> {_deploymentNames.GetValueOrDefault(target.DeploymentId, target.DeploymentId.ToString())}";
        }
    }

    private void ReconcileTeams(List<TeamDocument> wanted, List<Team> existing)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entraApps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < wanted.Count; i++)
        {
            var path = $"teams[{i}]";
            var doc = wanted[i];
            var name = doc.Name?.Trim() ?? "";
            var input = new TeamInput
            {
                Name = doc.Name, Description = doc.Description, Priority = doc.Priority, AllowedRegions = doc.AllowedRegions, AllowedAliases = doc.AllowedAliases,
                EntraAppIds = doc.EntraAppIds, MaxKeys = doc.MaxKeys, MaxKeyLifetimeDays = doc.MaxKeyLifetimeDays, MaxRequestsInFlight = doc.MaxRequestsInFlight, Enabled = doc.Enabled,
            };
            if (!Unique(seen, name, $"{path}.name", "team") || !Check(path, () => TeamService.Validate(input)))
            {
                continue;
            }

            foreach (var appId in TeamService.Normalize(doc.EntraAppIds))
            {
                if (!entraApps.TryAdd(appId, name))
                {
                    _errors.Add($"{path}.entraAppIds", $"Entra app '{appId}' already belongs to team '{entraApps[appId]}'.");
                }
            }

            var team = existing.FirstOrDefault(t => t.Name == name);
            if (team is null)
            {
                team = new Team { Name = name, CreatedAt = now };
                db.Teams.Add(team);
            }

            team.Name = name;
            TeamService.Apply(team, input);
            _names[team] = name;
            ReconcileMembers(path, team, doc.Members ?? []);
            ReconcilePolicies(path, team, doc);
        }

        foreach (var team in existing.Where(t => !seen.Contains(t.Name)))
        {
            _names[team] = team.Name;
            foreach (var member in team.Members)
            {
                _names[member] = $"{team.Name}: {member.UserId}";
            }

            foreach (var key in team.ApiKeys)
            {
                _names[key] = $"{team.Name}: {key.Name}";
            }

            foreach (var policy in team.QuotaPolicies)
            {
                _names[policy] = PolicyName(team.Name, policy);
            }

            db.Teams.Remove(team);
        }
    }

    private void ReconcileMembers(string teamPath, Team team, List<TeamMemberDocument> wanted)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < wanted.Count; k++)
        {
            var path = $"{teamPath}.members[{k}]";
            var doc = wanted[k];
            var input = new TeamMemberInput { UserId = doc.UserId, DisplayName = doc.DisplayName, Role = doc.Role };
            var userId = doc.UserId?.Trim() ?? "";
            if (!Unique(seen, userId, $"{path}.userId", "member of this team") || !Check(path, () => TeamService.ValidateMember(input)))
            {
                continue;
            }

            var member = team.Members.FirstOrDefault(m => string.Equals(m.UserId, userId, StringComparison.OrdinalIgnoreCase));
            if (member is null)
            {
                member = new TeamMember { TeamId = team.Id, UserId = userId, AddedAt = now };
                team.Members.Add(member);
                db.TeamMembers.Add(member);
            }

            member.DisplayName = string.IsNullOrWhiteSpace(doc.DisplayName) ? null : doc.DisplayName.Trim();
            member.Role = doc.Role;
            _names[member] = $"{team.Name}: {userId}";
        }

        foreach (var member in team.Members.Where(m => !seen.Contains(m.UserId)).ToList())
        {
            _names[member] = $"{team.Name}: {member.UserId}";
            team.Members.Remove(member);
            db.TeamMembers.Remove(member);
        }
    }

    /// <summary>The team's Team and TeamAlias policies; its keys' own policies belong to the keys and are left alone.</summary>
    private void ReconcilePolicies(string teamPath, Team team, TeamDocument doc)
    {
        var kept = new HashSet<QuotaPolicy>(ReferenceEqualityComparer.Instance);
        if (doc.Quota is { } teamQuota)
        {
            SetPolicy($"{teamPath}.quota", team, QuotaScope.Team, null, teamQuota, kept);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var aliasQuotas = doc.AliasQuotas ?? [];
        for (var k = 0; k < aliasQuotas.Count; k++)
        {
            var path = $"{teamPath}.aliasQuotas[{k}]";
            var aliasName = aliasQuotas[k].Alias?.Trim() ?? "";
            if (!_aliases.TryGetValue(aliasName, out var alias))
            {
                _errors.Add($"{path}.alias", $"The document has no alias '{aliasQuotas[k].Alias}'.");
            }
            else if (Unique(seen, aliasName, $"{path}.alias", "alias of this team's quotas"))
            {
                SetPolicy(path, team, QuotaScope.TeamAlias, alias, aliasQuotas[k], kept);
            }
        }

        foreach (var policy in team.QuotaPolicies.Where(p => p.Scope != QuotaScope.Key && !kept.Contains(p)).ToList())
        {
            _names[policy] = PolicyName(team.Name, policy);
            team.QuotaPolicies.Remove(policy);
            db.QuotaPolicies.Remove(policy);
        }
    }

    private void SetPolicy(string path, Team team, QuotaScope scope, ModelAlias? alias, QuotaLimitsDocument limits, HashSet<QuotaPolicy> kept)
    {
        var input = new QuotaPolicyInput
        {
            Scope = scope, RequestsPerMinute = limits.RequestsPerMinute, TokensPerMinute = limits.TokensPerMinute,
            DailyTokenBudget = limits.DailyTokenBudget, MonthlyTokenBudget = limits.MonthlyTokenBudget, MaxTokensPerRequest = limits.MaxTokensPerRequest,
            DailyCostBudget = limits.DailyCostBudget, MonthlyCostBudget = limits.MonthlyCostBudget, BudgetAlertPercents = limits.BudgetAlertPercents,
        };
        if (!Check(path, () =>
            {
                var errors = new ValidationErrors();
                QuotaPolicyService.ValidateLimits(errors, input);
                errors.ThrowIfAny();
            }))
        {
            return;
        }

        var policy = team.QuotaPolicies.FirstOrDefault(p => p.Scope == scope && p.AliasId == alias?.Id);
        if (policy is null)
        {
            policy = new QuotaPolicy { Scope = scope, TeamId = team.Id, AliasId = alias?.Id, CreatedAt = now };
            team.QuotaPolicies.Add(policy);
            db.QuotaPolicies.Add(policy);
        }

        policy.ScopeKey = QuotaPolicy.KeyFor(scope, team.Id, null, alias?.Id);
        input.ApplyLimitsTo(policy);
        _names[policy] = alias is null ? team.Name : $"{team.Name}/{alias.Name}";
        kept.Add(policy);
    }

    private string PolicyName(string teamName, QuotaPolicy policy) => policy.Scope switch
    {
        QuotaScope.TeamAlias => $"{teamName}/{_aliases.Values.FirstOrDefault(a => a.Id == policy.AliasId)?.Name ?? policy.AliasId.ToString()}",
        QuotaScope.Key => $"{teamName}: key {policy.ApiKeyId}",
        _ => teamName,
    };

    /// <summary>Runs a service's own validation, and files its errors under the document path of the thing.</summary>
    private static void CheckModelVersions(List<Deployment> deployments, bool allowMixed)
    {
        var errors = new ValidationErrors();
        ModelVersionCheck.Check(errors, "targets", deployments, allowMixed);
        errors.ThrowIfAny();
    }

    private bool Check(string path, Action validate)
    {
        try
        {
            validate();
            return true;
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    _errors.Add($"{path}.{field}", message);
                }
            }

            return false;
        }
    }

    private bool Unique(HashSet<string> seen, string name, string field, string what)
    {
        if (seen.Add(name))
        {
            return true;
        }

        _errors.Add(field, $"'{name}' appears twice; each {what} is named once.");
        return false;
    }

    private static string JsonName(string property) => char.ToLowerInvariant(property[0]) + property[1..];

    private static string? Format(object? value) => value switch
    {
        null => null,
        IEnumerable<string> list => string.Join(", ", list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
