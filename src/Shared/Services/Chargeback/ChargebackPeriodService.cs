using System.Text.Json;
using AiGateway.Shared.Data;
using AiGateway.Shared.Data.EntityConfigurations;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// Closes days: allocates each day's fixed costs once (<see cref="DailyFixedCostAllocator"/>) and stores the
/// allocation, so a closed day's bill stays as it was when traffic continues or a price changes. Closing is safe on
/// every replica at once: the day's row is unique, and it is written with its lines in one transaction, so a clash
/// means another replica closed it. Re-opening and closing again are admin actions, audited.
/// </summary>
public sealed class ChargebackPeriodService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<ChargebackOptions> options, TimeProvider clock)
{
    /// <summary>The actor recorded on days the background closer closed.</summary>
    public const string CloserActor = "chargeback-closer";

    /// <summary>How far back the closer looks for days never closed (from the earliest rollup).</summary>
    public static readonly TimeSpan Backfill = TimeSpan.FromDays(400);

    /// <summary>The most days one round of the closer closes, so a first run on old data does not hold a replica long.</summary>
    public const int MaxDaysPerRound = 31;

    public const string AuditEntityType = nameof(ClosedPeriod);

    /// <summary>The days due that are not closed yet (oldest first, at most <see cref="MaxDaysPerRound"/>), closed; returns how many this replica closed.</summary>
    public async Task<int> CloseDueDaysAsync(CancellationToken ct = default)
    {
        var lastDue = UtcDay.StartOf(clock.GetUtcNow() - options.Value.CloseAfter) - UtcDay.Length;
        List<DateTimeOffset> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var earliest = await db.UsageHourlyRollups.AsNoTracking().OrderBy(r => r.HourStart).Select(r => (DateTimeOffset?)r.HourStart).FirstOrDefaultAsync(ct);
            if (earliest is null)
            {
                return 0;
            }

            var first = UtcDay.StartOf(earliest.Value);
            if (first < lastDue - Backfill)
            {
                first = lastDue - Backfill;
            }

            // Re-opened days are left for an admin to close again.
            var known = (await db.ClosedPeriods.AsNoTracking()
                .Where(p => p.DayStart >= first && p.DayStart <= lastDue)
                .Select(p => p.DayStart)
                .ToListAsync(ct)).ToHashSet();
            due = [.. UtcDay.Overlapping(first, lastDue + UtcDay.Length).Where(d => !known.Contains(d)).Take(MaxDaysPerRound)];
        }

        var closed = 0;
        foreach (var day in due)
        {
            if (await TryCloseNewAsync(day, CloserActor, audit: false, ct))
            {
                closed++;
            }
        }

        return closed;
    }

    /// <summary>An admin's close: a day that ended and is open or re-opened is allocated now and stored; audited.</summary>
    public async Task<ChargebackDayView> CloseAsync(DateOnly day, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var dayStart = UtcDay.StartOf(day);
        if (dayStart + UtcDay.Length > clock.GetUtcNow())
        {
            throw RequestValidationException.For("day", "A day can be closed only after it has ended (UTC).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var period = await db.ClosedPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.DayStart == dayStart, ct);
        if (period is null)
        {
            if (!await TryCloseNewAsync(dayStart, actor, audit: true, ct))
            {
                throw new EntityConflictException($"{day:yyyy-MM-dd} was closed at the same time by someone else.");
            }
        }
        else if (!period.Reopened)
        {
            throw new EntityConflictException($"{day:yyyy-MM-dd} is already closed; re-open it first.");
        }
        else
        {
            await RecloseAsync(db, period, actor, ct);
        }

        return await GetAsync(day, ct);
    }

    /// <summary>An admin's re-open of a closed day, with the reason; audited. Reports compute the day on the fly again.</summary>
    public async Task<ChargebackDayView> ReopenAsync(DateOnly day, string? reason, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        reason = reason?.Trim();
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "A reason is required to re-open a day.");
        }
        else if (reason.Length > ClosedPeriodConfiguration.ReasonLength)
        {
            errors.Add("reason", $"The reason may be at most {ClosedPeriodConfiguration.ReasonLength} characters.");
        }

        errors.ThrowIfAny();
        var dayStart = UtcDay.StartOf(day);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var before = await db.ClosedPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.DayStart == dayStart, ct);
        if (before is null)
        {
            throw new EntityConflictException($"{day:yyyy-MM-dd} is not closed: there is nothing to re-open.");
        }

        // Only the open-to-reopened transition counts, so two admins re-opening at once audit it once.
        var changed = await db.ClosedPeriods
            .Where(p => p.Id == before.Id && !p.Reopened)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reopened, true).SetProperty(p => p.ReopenedAt, now)
                .SetProperty(p => p.ReopenedBy, actor).SetProperty(p => p.ReopenReason, reason), ct);
        if (changed == 0)
        {
            throw new EntityConflictException($"{day:yyyy-MM-dd} is already re-opened.");
        }

        var after = await db.ClosedPeriods.AsNoTracking().SingleAsync(p => p.Id == before.Id, ct);
        db.AuditEvents.Add(Audit("Reopened", actor, now, before, after));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ToView(day, after);
    }

    public async Task<ChargebackDayView> GetAsync(DateOnly day, CancellationToken ct = default)
    {
        var dayStart = UtcDay.StartOf(day);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var period = await db.ClosedPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.DayStart == dayStart, ct);
        return ToView(day, period);
    }

    /// <summary>Every day of [from, to) that has started, with its state; at most 366 days.</summary>
    public async Task<IReadOnlyList<ChargebackDayView>> ListAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var period = ReportPeriod.Validate(UtcDay.StartOf(from), UtcDay.StartOf(to), ChargebackService.MaxPeriod);
        var start = period.From;
        var end = period.To;
        var now = clock.GetUtcNow();
        if (end > now)
        {
            end = UtcDay.StartOf(now) + UtcDay.Length;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var periods = await db.ClosedPeriods.AsNoTracking().Where(p => p.DayStart >= start && p.DayStart < end).ToListAsync(ct);
        var byDay = periods.ToDictionary(p => p.DayStart);
        return [.. UtcDay.Overlapping(start, end).Select(d => ToView(UtcDay.DateOf(d), byDay.GetValueOrDefault(d)))];
    }

    private async Task<bool> TryCloseNewAsync(DateTimeOffset dayStart, string actor, bool audit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.ClosedPeriods.AnyAsync(p => p.DayStart == dayStart, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var period = new ClosedPeriod { DayStart = dayStart, ClosedAt = now, ClosedBy = actor };
        period.Lines.AddRange(ToLines(await DailyFixedCostAllocator.AllocateAsync(db, [dayStart], ct)));
        db.ClosedPeriods.Add(period);
        if (audit)
        {
            db.AuditEvents.Add(Audit("Closed", actor, now, null, period));
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (DatabaseConstraintViolation.IsConstraintViolation(e))
        {
            // Another replica closed the day between our check and our insert; its lines stand.
            return false;
        }
    }

    private async Task RecloseAsync(PortalDbContext db, ClosedPeriod before, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.ClosedPeriods
            .Where(p => p.Id == before.Id && p.Reopened)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reopened, false).SetProperty(p => p.ClosedAt, now).SetProperty(p => p.ClosedBy, actor), ct);
        if (changed == 0)
        {
            throw new EntityConflictException($"{UtcDay.DateOf(before.DayStart):yyyy-MM-dd} was closed at the same time by someone else.");
        }

        await db.FixedCostAllocationLines.Where(l => l.ClosedPeriodId == before.Id).ExecuteDeleteAsync(ct);
        var lines = ToLines(await DailyFixedCostAllocator.AllocateAsync(db, [before.DayStart], ct));
        lines.ForEach(l => l.ClosedPeriodId = before.Id);
        db.FixedCostAllocationLines.AddRange(lines);
        var after = await db.ClosedPeriods.AsNoTracking().SingleAsync(p => p.Id == before.Id, ct);
        db.AuditEvents.Add(Audit("Closed", actor, now, before, after));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static List<FixedCostAllocationLine> ToLines(IEnumerable<DayAllocation> allocations) =>
    [
        .. allocations.Select(a => new FixedCostAllocationLine
        {
            DayStart = a.DayStart,
            DeploymentId = a.DeploymentId,
            TeamId = a.TeamId,
            AliasName = a.AliasName,
            Tokens = a.Tokens,
            Amount = a.Amount,
            DailyFixedCost = a.DailyFixedCost,
        }),
    ];

    private static AuditEvent Audit(string verb, string actor, DateTimeOffset at, ClosedPeriod? before, ClosedPeriod? after) => new()
    {
        At = at,
        Actor = actor,
        Action = $"{AuditEntityType}.{verb}",
        EntityType = AuditEntityType,
        EntityId = UtcDay.DateOf((after ?? before)!.DayStart).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Before = before is null ? null : Describe(before),
        After = after is null ? null : Describe(after),
    };

    private static string Describe(ClosedPeriod period) => JsonSerializer.Serialize(
        new
        {
            Day = UtcDay.DateOf(period.DayStart),
            State = period.Reopened ? ChargebackDayState.Reopened : ChargebackDayState.Closed,
            period.ClosedAt,
            period.ClosedBy,
            period.ReopenedAt,
            period.ReopenedBy,
            period.ReopenReason,
        },
        AuditJson.Options);

    private static ChargebackDayView ToView(DateOnly day, ClosedPeriod? period) => period is null
        ? new ChargebackDayView(day, ChargebackDayState.Open, null, null, null, null, null)
        : new ChargebackDayView(
            day,
            period.Reopened ? ChargebackDayState.Reopened : ChargebackDayState.Closed,
            period.ClosedAt,
            period.ClosedBy,
            period.ReopenedAt,
            period.ReopenedBy,
            period.ReopenReason);
}
