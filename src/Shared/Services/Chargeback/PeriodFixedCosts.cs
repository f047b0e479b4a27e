using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// The fixed-cost allocations of the days a period covers: a closed day's as stored, an open day's computed now the
/// same way (days still to come have none). A day the period covers in part counts in proportion.
/// </summary>
internal sealed record PeriodFixedCosts(IReadOnlyList<DayAllocation> Allocations, IReadOnlyList<DateOnly> OpenDays, bool Provisional)
{
    public static async Task<PeriodFixedCosts> ReadAsync(PortalDbContext db, ReportPeriod period, DateTimeOffset now, CancellationToken ct)
    {
        var days = UtcDay.Overlapping(period.From, period.To).ToList();
        var first = days[0];
        var end = days[^1] + UtcDay.Length;
        var closed = (await db.ClosedPeriods.AsNoTracking()
            .Where(p => p.DayStart >= first && p.DayStart < end && !p.Reopened)
            .Select(p => p.DayStart)
            .ToListAsync(ct)).ToHashSet();
        var stored = await db.FixedCostAllocationLines.AsNoTracking()
            .Where(l => l.DayStart >= first && l.DayStart < end && !l.ClosedPeriod!.Reopened)
            .Select(l => new DayAllocation(l.DayStart, l.DeploymentId, l.TeamId, l.AliasName, l.Tokens, l.Amount, l.DailyFixedCost))
            .ToListAsync(ct);
        var open = days.Where(d => !closed.Contains(d)).ToList();
        var started = open.Where(d => d < now).ToList();
        var computed = await DailyFixedCostAllocator.AllocateAsync(db, started, ct);
        var allocations = stored.Concat(computed).Select(a => Scale(a, period)).ToList();
        return new PeriodFixedCosts(allocations, [.. started.Select(UtcDay.DateOf)], open.Count > 0);
    }

    private static DayAllocation Scale(DayAllocation allocation, ReportPeriod period)
    {
        var start = allocation.DayStart > period.From ? allocation.DayStart : period.From;
        var dayEnd = allocation.DayStart + UtcDay.Length;
        var end = dayEnd < period.To ? dayEnd : period.To;
        if (end - start == UtcDay.Length)
        {
            return allocation;
        }

        var share = (decimal)(end - start).Ticks / UtcDay.Length.Ticks;
        return allocation with
        {
            Amount = Math.Round(allocation.Amount * share, FixedCostAllocation.Decimals, MidpointRounding.AwayFromZero),
            DailyFixedCost = Math.Round(allocation.DailyFixedCost * share, FixedCostAllocation.Decimals, MidpointRounding.AwayFromZero),
        };
    }
}
