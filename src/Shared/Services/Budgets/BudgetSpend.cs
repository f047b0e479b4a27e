using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>
/// Spend since the start of a period, from the hourly rollups, summed per team, key and alias: enough to answer for
/// any policy's subject (its team, its key, or its team's use of one alias) without a query per policy.
/// </summary>
internal sealed class BudgetSpend
{
    private readonly List<Row> _rows;

    private BudgetSpend(List<Row> rows) => _rows = rows;

    public static async Task<BudgetSpend> ReadAsync(PortalDbContext db, DateTimeOffset since, IReadOnlyCollection<Guid> teams, CancellationToken ct)
    {
        var rows = await db.UsageHourlyRollups.AsNoTracking()
            .Where(r => r.HourStart >= since && teams.Contains(r.TeamId))
            .GroupBy(r => new { r.TeamId, r.ApiKeyId, r.AliasName })
            .Select(g => new Row(g.Key.TeamId, g.Key.ApiKeyId, g.Key.AliasName, g.Sum(r => r.Cost), g.Sum(r => r.PromptTokens + r.CompletionTokens)))
            .ToListAsync(ct);
        return new BudgetSpend(rows);
    }

    /// <summary>What the policy's subject spent: the team's rows, the key's, or the team's rows for the alias.</summary>
    public (decimal Cost, long Tokens) Of(QuotaPolicy policy, string? aliasName)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var cost = 0m;
        var tokens = 0L;
        foreach (var row in _rows)
        {
            var counts = policy.Scope switch
            {
                QuotaScope.Key => row.ApiKeyId == policy.ApiKeyId,
                QuotaScope.TeamAlias => row.TeamId == policy.TeamId && string.Equals(row.AliasName, aliasName, StringComparison.Ordinal),
                _ => row.TeamId == policy.TeamId,
            };
            if (counts)
            {
                cost += row.Cost;
                tokens += row.Tokens;
            }
        }

        return (cost, tokens);
    }

    private sealed record Row(Guid TeamId, Guid ApiKeyId, string AliasName, decimal Cost, long Tokens);
}
