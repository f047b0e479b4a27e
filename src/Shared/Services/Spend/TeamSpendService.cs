using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Spend;

/// <summary>
/// A team's own view of its spend in a month: per key and per alias (token cost and fixed share, as the chargeback
/// report bills them), against the cost and token budgets of its quota policies, with a forecast for the month.
/// </summary>
/// <remarks>
/// The chargeback report allocates fixed costs per alias and deployment, not per key; a key's fixed share is its share
/// of its team's tokens on each alias and deployment over the month. Cost budgets count the per-token cost only, as the
/// gateway enforces them before forwarding.
/// </remarks>
public sealed class TeamSpendService(IDbContextFactory<PortalDbContext> dbFactory, ChargebackService chargeback, TimeProvider clock)
{
    public const string NoKeyName = "No key (Entra ID tokens)";

    public async Task<TeamSpendView> GetAsync(Guid teamId, string? month, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var period = SpendMonth.Parse(month, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => new { t.Id, t.Name }).SingleOrDefaultAsync(ct)
            ?? throw new EntityNotFoundException("Team", teamId);
        var report = await chargeback.GetReportAsync(period.From, period.To, teamId, ct);
        var lines = report.Teams.SelectMany(t => t.Lines).ToList();

        var usage = await db.UsageHourlyRollups.AsNoTracking()
            .Where(r => r.TeamId == teamId && r.HourStart >= period.From && r.HourStart < period.To)
            .GroupBy(r => new { r.ApiKeyId, r.AliasName, r.DeploymentId })
            .Select(g => new KeyUse(
                g.Key.ApiKeyId,
                g.Key.AliasName,
                g.Key.DeploymentId,
                g.Sum(r => r.Requests - r.ThrottledCount - r.ErrorCount),
                g.Sum(r => r.PromptTokens + r.CompletionTokens),
                g.Sum(r => r.Cost)))
            .ToListAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.TeamId == teamId).Select(k => new { k.Id, k.Name, k.Prefix }).ToDictionaryAsync(k => k.Id, ct);
        var aliases = await db.Aliases.AsNoTracking().Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        var aliasIds = aliases.ToDictionary(a => a.Name, a => a.Id, StringComparer.Ordinal);

        var keyFixed = KeyFixedShares(lines, usage);
        var keyLines = usage
            .GroupBy(u => u.ApiKeyId)
            .Select(g =>
            {
                var key = keys.GetValueOrDefault(g.Key);
                var tokenCost = Round(g.Sum(u => u.Cost));
                var fixedCost = keyFixed.GetValueOrDefault(g.Key);
                return new SpendLineView(
                    g.Key == Guid.Empty ? null : g.Key,
                    g.Key == Guid.Empty ? NoKeyName : key?.Name ?? "(deleted key)",
                    key?.Prefix,
                    g.Sum(u => u.Requests),
                    g.Sum(u => u.Tokens),
                    tokenCost,
                    fixedCost,
                    tokenCost + fixedCost);
            })
            .Where(l => l.Requests != 0 || l.Tokens != 0 || l.TotalCost != 0)
            .OrderByDescending(l => l.TotalCost).ThenBy(l => l.Name, StringComparer.Ordinal)
            .ToList();
        var aliasLines = lines
            .GroupBy(l => l.AliasName, StringComparer.Ordinal)
            .Select(g => new SpendLineView(
                aliasIds.TryGetValue(g.Key, out var id) ? id : null,
                g.Key,
                null,
                g.Sum(l => l.Requests),
                g.Sum(l => l.PromptTokens + l.CompletionTokens),
                g.Sum(l => l.TokenCost),
                g.Sum(l => l.FixedCost),
                g.Sum(l => l.TotalCost)))
            .OrderByDescending(l => l.TotalCost).ThenBy(l => l.Name, StringComparer.Ordinal)
            .ToList();

        var forecast = Forecast(period, now, report.Totals.TotalCost, report.Totals.TokenCost);
        var today = UtcDay.StartOf(now);
        var todayInMonth = today >= period.From && today < period.To;
        var todayUse = todayInMonth
            ? await db.UsageHourlyRollups.AsNoTracking()
                .Where(r => r.TeamId == teamId && r.HourStart >= today && r.HourStart < today + UtcDay.Length)
                .GroupBy(r => new { r.ApiKeyId, r.AliasName })
                .Select(g => new KeyUse(g.Key.ApiKeyId, g.Key.AliasName, Guid.Empty, 0, g.Sum(r => r.PromptTokens + r.CompletionTokens), g.Sum(r => r.Cost)))
                .ToListAsync(ct)
            : [];
        var policies = await db.QuotaPolicies.AsNoTracking().Where(p => p.TeamId == teamId).ToListAsync(ct);
        var aliasNames = aliases.ToDictionary(a => a.Id, a => a.Name);
        var budgets = policies
            .OrderBy(p => p.Scope)
            .SelectMany(p => Budgets(p, Subject(p, keys.ToDictionary(k => k.Key, k => k.Value.Name), aliasNames), Matching(p, usage, aliasNames), Matching(p, todayUse, aliasNames), todayInMonth, forecast))
            .ToList();

        return new TeamSpendView(
            team.Id,
            team.Name,
            SpendMonth.Name(period),
            period.From,
            period.To,
            now,
            report.Provisional,
            report.Totals.TokenCost,
            report.Totals.FixedCost,
            report.Totals.TotalCost,
            forecast,
            keyLines,
            aliasLines,
            budgets);
    }

    /// <summary>Each key's part of the team's fixed shares: per alias and deployment, by its share of the team's tokens there.</summary>
    private static Dictionary<Guid, decimal> KeyFixedShares(IReadOnlyList<ChargebackLineView> lines, IReadOnlyList<KeyUse> usage)
    {
        var shares = new Dictionary<Guid, decimal>();
        foreach (var line in lines.Where(l => l.FixedCost > 0))
        {
            var users = usage
                .Where(u => u.AliasName == line.AliasName && u.DeploymentId == (line.DeploymentId ?? Guid.Empty))
                .OrderBy(u => u.ApiKeyId)
                .ToList();
            var parts = FixedCostAllocation.Allocate(line.FixedCost, [.. users.Select(u => u.Tokens)]);
            if (parts.Sum() == 0)
            {
                // Tokens of a day the month covers only from a stored allocation: no key to attribute them to.
                shares[Guid.Empty] = shares.GetValueOrDefault(Guid.Empty) + line.FixedCost;
                continue;
            }

            for (var i = 0; i < users.Count; i++)
            {
                shares[users[i].ApiKeyId] = shares.GetValueOrDefault(users[i].ApiKeyId) + parts[i];
            }
        }

        return shares;
    }

    private static SpendForecast? Forecast(ReportPeriod month, DateTimeOffset now, decimal totalCost, decimal tokenCost)
    {
        if (now <= month.From)
        {
            return null;
        }

        var elapsed = now >= month.To ? 1m : (decimal)(now - month.From).Ticks / month.Length.Ticks;
        return new SpendForecast(Math.Round(elapsed, 6), Round(totalCost / elapsed), Round(tokenCost / elapsed));
    }

    private static IEnumerable<KeyUse> Matching(QuotaPolicy policy, IEnumerable<KeyUse> usage, Dictionary<Guid, string> aliasNames) => policy.Scope switch
    {
        QuotaScope.Key => usage.Where(u => u.ApiKeyId == policy.ApiKeyId),
        QuotaScope.TeamAlias => usage.Where(u => policy.AliasId is { } alias && aliasNames.TryGetValue(alias, out var name) && u.AliasName == name),
        _ => usage,
    };

    private static string Subject(QuotaPolicy policy, Dictionary<Guid, string> keyNames, Dictionary<Guid, string> aliasNames) => policy.Scope switch
    {
        QuotaScope.Key => $"Key {(policy.ApiKeyId is { } key && keyNames.TryGetValue(key, out var name) ? name : "(deleted)")}",
        QuotaScope.TeamAlias => $"Alias {(policy.AliasId is { } alias && aliasNames.TryGetValue(alias, out var name) ? name : "(deleted)")}",
        _ => "The whole team",
    };

    private static IEnumerable<BudgetUseView> Budgets(
        QuotaPolicy policy, string subject, IEnumerable<KeyUse> month, IEnumerable<KeyUse> today, bool todayInMonth, SpendForecast? forecast)
    {
        var monthUse = month.ToList();
        var todayUseList = today.ToList();
        var monthCost = Round(monthUse.Sum(u => u.Cost));
        var monthTokens = monthUse.Sum(u => u.Tokens);
        // A month still running is forecast at its rate; an ended one's forecast is what it used.
        decimal? Projected(decimal used) => forecast is { ElapsedShare: > 0 } f ? Round(used / f.ElapsedShare) : null;
        if (policy.MonthlyCostBudget is { } monthlyCost)
        {
            yield return Use(policy, subject, BudgetWindow.Month, BudgetUnit.Cost, monthCost, monthlyCost, Projected(monthCost));
        }

        if (policy.MonthlyTokenBudget is { } monthlyTokens)
        {
            yield return Use(policy, subject, BudgetWindow.Month, BudgetUnit.Tokens, monthTokens, monthlyTokens, Projected(monthTokens) is { } t ? Math.Round(t) : null);
        }

        // A day's budget is about today; a month that is not the current one has no today.
        if (!todayInMonth)
        {
            yield break;
        }

        if (policy.DailyCostBudget is { } dailyCost)
        {
            yield return Use(policy, subject, BudgetWindow.Day, BudgetUnit.Cost, Round(todayUseList.Sum(u => u.Cost)), dailyCost, null);
        }

        if (policy.DailyTokenBudget is { } dailyTokens)
        {
            yield return Use(policy, subject, BudgetWindow.Day, BudgetUnit.Tokens, todayUseList.Sum(u => u.Tokens), dailyTokens, null);
        }
    }

    private static BudgetUseView Use(QuotaPolicy policy, string subject, BudgetWindow window, BudgetUnit unit, decimal used, decimal limit, decimal? forecast)
    {
        var percent = limit > 0 ? Math.Round(used * 100m / limit, 1) : used > 0 ? 100m : 0m;
        return new BudgetUseView(policy.Id, policy.Scope, subject, window, unit, used, limit, percent, forecast);
    }

    private static decimal Round(decimal amount) => Math.Round(amount, FixedCostAllocation.Decimals, MidpointRounding.AwayFromZero);

    private sealed record KeyUse(Guid ApiKeyId, string AliasName, Guid DeploymentId, long Requests, long Tokens, decimal Cost);
}
