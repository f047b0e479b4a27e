using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Rollouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Shares rollout figures between replicas through the database: each replica overwrites its own rows (one per
/// rollout, phase and side) with its running totals, and whoever judges a rollout adds up every replica's rows for
/// the phase. Figures therefore reach the judge at most one tick late, and a replica that dies keeps what it had
/// published.
/// </summary>
public sealed class RolloutFiguresStore(
    IDbContextFactory<PortalDbContext> dbFactory,
    RolloutService rollouts,
    RolloutTraffic traffic,
    IOptions<RolloutOptions> options,
    TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _publishing = new(1, 1);

    /// <summary>Writes this replica's totals for the current phases, and forgets those of phases that have ended.</summary>
    public async Task PublishAsync(IReadOnlyDictionary<Guid, int> currentPhases, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(currentPhases);
        await _publishing.WaitAsync(ct);
        try
        {
            traffic.Retain(currentPhases);
            var local = traffic.Snapshot();
            if (local.Count == 0)
            {
                return;
            }

            var replica = options.Value.ReplicaId;
            var ids = local.Select(l => l.Key.RolloutId).Distinct().ToList();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.RolloutFigures.Where(f => f.Replica == replica && ids.Contains(f.RolloutId)).ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var (key, figures) in local)
            {
                var row = rows.FirstOrDefault(r => r.RolloutId == key.RolloutId && r.Phase == key.Phase && r.Side == key.Side);
                if (row is null)
                {
                    row = new RolloutFigures { RolloutId = key.RolloutId, Phase = key.Phase, Side = key.Side, Replica = replica };
                    db.RolloutFigures.Add(row);
                }

                row.Requests = figures.Requests;
                row.Errors = figures.Errors;
                row.Throttled = figures.Throttled;
                row.ContentFiltered = figures.ContentFiltered;
                row.LatencyHistogram = RolloutSideFigures.FormatHistogram(figures.Latency);
                row.FirstTokenHistogram = RolloutSideFigures.FormatHistogram(figures.FirstToken);
                row.UpdatedAt = now;
            }

            await db.SaveChangesAsync(ct);
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Every replica's published figures for the rollout's current phase, judged by its guards.</summary>
    public async Task<RolloutComparison> CompareAsync(RolloutView rollout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.RolloutFigures.AsNoTracking()
            .Where(f => f.RolloutId == rollout.Id && f.Phase == rollout.Revision)
            .ToListAsync(ct);
        var blue = Sum(rows, RolloutSide.Blue);
        var green = Sum(rows, RolloutSide.Green);
        return RolloutComparison.Of(rollout, clock.GetUtcNow(), blue, green);
    }

    /// <summary>
    /// A history note for an admin's action that records the figures at the time, as the driver's own transitions do;
    /// no figures for a rollout that has not started.
    /// </summary>
    public async Task<RolloutNote> NoteAsync(Guid rolloutId, string reason, CancellationToken ct)
    {
        var rollout = await rollouts.GetAsync(rolloutId, ct);
        return rollout.State is RolloutState.Running or RolloutState.Paused
            ? new RolloutNote(reason, (await CompareAsync(rollout, ct)).ToJson())
            : new RolloutNote(reason);
    }

    public void Dispose() => _publishing.Dispose();

    private static RolloutSideFigures Sum(List<RolloutFigures> rows, RolloutSide side) =>
        rows.Where(r => r.Side == side).Aggregate(
            RolloutSideFigures.Empty(side),
            (sum, r) => sum.Add(new RolloutSideFigures(
                side, r.Requests, r.Errors, r.Throttled, r.ContentFiltered,
                RolloutSideFigures.ParseHistogram(r.LatencyHistogram), RolloutSideFigures.ParseHistogram(r.FirstTokenHistogram))));
}
