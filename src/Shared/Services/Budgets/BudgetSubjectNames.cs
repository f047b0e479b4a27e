using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>The names a budget notice shows (team, key, alias) for the policies being checked, read in three small queries.</summary>
internal sealed class BudgetSubjectNames
{
    private readonly Dictionary<Guid, string> _teams;
    private readonly Dictionary<Guid, string> _keys;
    private readonly Dictionary<Guid, string> _aliases;

    private BudgetSubjectNames(Dictionary<Guid, string> teams, Dictionary<Guid, string> keys, Dictionary<Guid, string> aliases) =>
        (_teams, _keys, _aliases) = (teams, keys, aliases);

    public static async Task<BudgetSubjectNames> ReadAsync(PortalDbContext db, IReadOnlyList<QuotaPolicy> policies, CancellationToken ct)
    {
        var teamIds = policies.Select(p => p.TeamId).Distinct().ToList();
        var keyIds = policies.Where(p => p.ApiKeyId is not null).Select(p => p.ApiKeyId!.Value).Distinct().ToList();
        var aliasIds = policies.Where(p => p.AliasId is not null).Select(p => p.AliasId!.Value).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, k => $"{k.Name} ({k.Prefix})", ct);
        var aliases = await db.Aliases.AsNoTracking().Where(a => aliasIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return new BudgetSubjectNames(teams, keys, aliases);
    }

    public string TeamOf(QuotaPolicy policy) => _teams.GetValueOrDefault(policy.TeamId, policy.TeamId.ToString());

    /// <summary>The alias a team-alias policy counts; null for other scopes, or when the alias is gone.</summary>
    public string? AliasOf(QuotaPolicy policy) => policy.AliasId is { } id ? _aliases.GetValueOrDefault(id) : null;

    /// <summary>What the policy applies to, in words: the team, one of its keys, or its use of one alias.</summary>
    public string SubjectOf(QuotaPolicy policy) => policy.Scope switch
    {
        QuotaScope.Key => $"Key {(policy.ApiKeyId is { } key ? _keys.GetValueOrDefault(key, key.ToString()) : "?")} of team {TeamOf(policy)}",
        QuotaScope.TeamAlias => $"Team {TeamOf(policy)} on alias {AliasOf(policy) ?? "(removed)"}",
        _ => $"Team {TeamOf(policy)}",
    };
}
