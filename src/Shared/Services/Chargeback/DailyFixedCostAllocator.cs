using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// Allocates each day's fixed costs: for every deployment whose default-tier price in force at the day's start has a
/// monthly fixed cost, that cost over the month's days, split across the teams and aliases that used the deployment
/// that day by their share of its tokens (largest remainder, so the parts add up to the day's cost exactly).
/// </summary>
/// <remarks>
/// Only <see cref="DeploymentPrice"/> rows count: a price change takes effect from its <see cref="DeploymentPrice.EffectiveFrom"/>
/// and never re-prices a day that started before it.
/// </remarks>
internal static class DailyFixedCostAllocator
{
    public static async Task<List<DayAllocation>> AllocateAsync(PortalDbContext db, IReadOnlyCollection<DateTimeOffset> days, CancellationToken ct)
    {
        var allocations = new List<DayAllocation>();
        if (days.Count == 0)
        {
            return allocations;
        }

        var first = days.Min();
        var end = days.Max() + UtcDay.Length;
        var prices = await db.DeploymentPrices.AsNoTracking()
            .Where(p => p.ServiceTier == DeploymentPrice.DefaultServiceTier && p.EffectiveFrom < end)
            .Select(p => new { p.DeploymentId, p.EffectiveFrom, p.MonthlyFixedCost })
            .ToListAsync(ct);
        var priceVersions = prices
            .GroupBy(p => p.DeploymentId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.EffectiveFrom).Select(p => (p.EffectiveFrom, p.MonthlyFixedCost)).ToList());
        if (!priceVersions.Values.Any(v => v.Any(p => p.MonthlyFixedCost > 0)))
        {
            return allocations;
        }

        var fixedDeployments = priceVersions.Where(v => v.Value.Any(p => p.MonthlyFixedCost > 0)).Select(v => v.Key).ToList();
        // Summed per hour in SQL (every provider can group by the stored hour) and per day here.
        var hourly = await db.UsageHourlyRollups.AsNoTracking()
            .Where(r => r.HourStart >= first && r.HourStart < end && fixedDeployments.Contains(r.DeploymentId))
            .GroupBy(r => new { r.HourStart, r.DeploymentId, r.TeamId, r.AliasName })
            .Select(g => new { g.Key.HourStart, g.Key.DeploymentId, g.Key.TeamId, g.Key.AliasName, Tokens = g.Sum(r => r.PromptTokens + r.CompletionTokens) })
            .ToListAsync(ct);
        var tokensByDay = hourly
            .Where(h => h.Tokens > 0)
            .GroupBy(h => (Day: UtcDay.StartOf(h.HourStart), h.DeploymentId))
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(h => (h.TeamId, h.AliasName))
                    .Select(u => (u.Key.TeamId, u.Key.AliasName, Tokens: u.Sum(h => h.Tokens)))
                    // A stable order, so the units left over by rounding always go to the same lines.
                    .OrderBy(u => u.TeamId).ThenBy(u => u.AliasName, StringComparer.Ordinal)
                    .ToList());

        foreach (var day in days.Order())
        {
            foreach (var deploymentId in fixedDeployments.Order())
            {
                var monthly = priceVersions[deploymentId].FirstOrDefault(p => p.EffectiveFrom <= day).MonthlyFixedCost;
                if (monthly is not > 0)
                {
                    continue;
                }

                var daily = UtcDay.ShareOfMonth(monthly.Value, day);
                var users = tokensByDay.GetValueOrDefault((day, deploymentId));
                if (users is null)
                {
                    allocations.Add(new DayAllocation(day, deploymentId, Guid.Empty, "", 0, 0m, daily));
                    continue;
                }

                var shares = FixedCostAllocation.Allocate(daily, [.. users.Select(u => u.Tokens)]);
                allocations.AddRange(users.Select((u, i) => new DayAllocation(day, deploymentId, u.TeamId, u.AliasName, u.Tokens, shares[i], daily)));
            }
        }

        return allocations;
    }
}
