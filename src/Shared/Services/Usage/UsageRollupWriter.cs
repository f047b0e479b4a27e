using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Usage;

/// <summary>
/// Writes usage records and keeps the hourly rollups current, in one transaction, so a rollup never counts a record
/// that is not stored nor misses one that is. Safe with several replicas writing at once: counters are incremented in
/// the database (<c>SET x = x + @delta</c>), never read and written back.
/// </summary>
public sealed class UsageRollupWriter(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>How many times one row's insert may lose the race to another writer before the batch fails.</summary>
    private const int MaxInsertRaces = 3;

    // Read from the model on the first write; the factory's contexts all share one model.
    private ColumnLimits? _limits;
    private UsageRecordInserter? _inserter;

    /// <summary>
    /// Stores <paramref name="records"/> with plain inserts (no change tracking) and adds them to their rollups, all or nothing. The
    /// records are normalised in place (UTC times, over-long strings cut to their columns), so a batch that failed
    /// can be passed again as it is. Their ids are not read back.
    /// </summary>
    /// <returns>How many records were stored.</returns>
    public Task<int> WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken ct = default) => WriteAsync(records, skipStored: false, ct);

    /// <summary>
    /// As <see cref="WriteAsync(IReadOnlyList{UsageRecord}, CancellationToken)"/>; with <paramref name="skipStored"/>,
    /// records whose <see cref="UsageRecord.RequestId"/> is already stored are left out, in the same transaction, and
    /// so is their share of the rollups. For records that may have been stored before: replayed from a spool file
    /// after a crash between commit and the file's deletion, or a batch retried after a failure that may have
    /// committed. Fresh records skip the look-up, which costs a query per batch.
    /// </summary>
    /// <returns>How many records were stored (those skipped are not counted).</returns>
    public async Task<int> WriteAsync(IReadOnlyList<UsageRecord> records, bool skipStored, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var limits = _limits ??= ColumnLimits.Of(db);
        var inserter = _inserter ??= UsageRecordInserter.For(db);
        foreach (var record in records)
        {
            Normalize(record, limits);
        }

        var deltas = skipStored ? null : UsageRollupDelta.Aggregate(records);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async cancellation =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            var fresh = records;
            if (skipStored)
            {
                fresh = await WithoutStoredAsync(db, records, cancellation);
            }

            if (fresh.Count > 0)
            {
                await inserter.InsertAsync(db, fresh, cancellation);
                await UpsertAsync(db, deltas ?? UsageRollupDelta.Aggregate(fresh), cancellation);
            }

            await transaction.CommitAsync(cancellation);
            return fresh.Count;
        }, ct);
    }

    /// <summary>The records whose request id is not stored yet; read inside the writing transaction, through the RequestId index.</summary>
    private static async Task<IReadOnlyList<UsageRecord>> WithoutStoredAsync(PortalDbContext db, IReadOnlyList<UsageRecord> records, CancellationToken ct)
    {
        var ids = new List<string>(records.Count);
        foreach (var record in records)
        {
            ids.Add(record.RequestId);
        }

        var stored = new HashSet<string>(
            await db.UsageRecords.AsNoTracking().Where(r => ids.Contains(r.RequestId)).Select(r => r.RequestId).ToListAsync(ct),
            StringComparer.Ordinal);
        if (stored.Count == 0)
        {
            return records;
        }

        var fresh = new List<UsageRecord>(records.Count - Math.Min(stored.Count, records.Count));
        foreach (var record in records)
        {
            if (!stored.Contains(record.RequestId))
            {
                fresh.Add(record);
            }
        }

        return fresh;
    }

    /// <summary>
    /// Adds each delta to its rollup row inside the context's current transaction: an UPDATE that increments the
    /// row, or, when no row matched, an INSERT; when that insert hits the unique index because another writer
    /// inserted the row meanwhile, the update is tried again.
    /// </summary>
    public static async Task UpsertAsync(PortalDbContext db, IReadOnlyList<UsageRollupDelta> deltas, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(deltas);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Rollups are upserted inside the transaction that stores their records.");
        }

        // A failed insert must not abort the whole transaction (PostgreSQL refuses every later statement until a
        // rollback): EF wraps each SaveChanges in a savepoint and rolls back to it on failure.
        db.Database.AutoSavepointsEnabled = true;
        foreach (var delta in deltas)
        {
            for (var race = 0; ; race++)
            {
                if (await IncrementAsync(db, delta, ct) > 0 || await TryInsertAsync(db, delta, ct))
                {
                    break;
                }

                if (race + 1 >= MaxInsertRaces)
                {
                    throw new InvalidOperationException($"The rollup row for {delta.HourStart:O}, team {delta.TeamId}, alias '{delta.AliasName}' could neither be updated nor inserted.");
                }
            }
        }
    }

    /// <summary>True when the database answers; a failed write to a reachable database points at the data, not the connection.</summary>
    public async Task<bool> CanConnectAsync(CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Database.CanConnectAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Task<int> IncrementAsync(PortalDbContext db, UsageRollupDelta d, CancellationToken ct) =>
        db.UsageHourlyRollups
            .Where(r => r.HourStart == d.HourStart && r.TeamId == d.TeamId && r.ApiKeyId == d.ApiKeyId
                && r.AliasName == d.AliasName && r.DeploymentId == d.DeploymentId && r.BackendId == d.BackendId)
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(r => r.Requests, r => r.Requests + d.Requests)
                    .SetProperty(r => r.PromptTokens, r => r.PromptTokens + d.PromptTokens)
                    .SetProperty(r => r.CompletionTokens, r => r.CompletionTokens + d.CompletionTokens)
                    .SetProperty(r => r.CachedPromptTokens, r => r.CachedPromptTokens + d.CachedPromptTokens)
                    .SetProperty(r => r.ReasoningTokens, r => r.ReasoningTokens + d.ReasoningTokens)
                    .SetProperty(r => r.AudioPromptTokens, r => r.AudioPromptTokens + d.AudioPromptTokens)
                    .SetProperty(r => r.AudioCompletionTokens, r => r.AudioCompletionTokens + d.AudioCompletionTokens)
                    .SetProperty(r => r.ErrorCount, r => r.ErrorCount + d.ErrorCount)
                    .SetProperty(r => r.ThrottledCount, r => r.ThrottledCount + d.ThrottledCount)
                    .SetProperty(r => r.LatencyMsSum, r => r.LatencyMsSum + d.LatencyMsSum)
                    .SetProperty(r => r.Cost, r => r.Cost + d.Cost),
                ct);

    private static async Task<bool> TryInsertAsync(PortalDbContext db, UsageRollupDelta d, CancellationToken ct)
    {
        var row = new UsageHourlyRollup
        {
            HourStart = d.HourStart,
            TeamId = d.TeamId,
            ApiKeyId = d.ApiKeyId,
            AliasName = d.AliasName,
            DeploymentId = d.DeploymentId,
            BackendId = d.BackendId,
            Requests = d.Requests,
            PromptTokens = d.PromptTokens,
            CompletionTokens = d.CompletionTokens,
            CachedPromptTokens = d.CachedPromptTokens,
            ReasoningTokens = d.ReasoningTokens,
            AudioPromptTokens = d.AudioPromptTokens,
            AudioCompletionTokens = d.AudioCompletionTokens,
            ErrorCount = d.ErrorCount,
            ThrottledCount = d.ThrottledCount,
            LatencyMsSum = d.LatencyMsSum,
            Cost = d.Cost,
        };
        db.UsageHourlyRollups.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (DatabaseConstraintViolation.IsConstraintViolation(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static void Normalize(UsageRecord record, ColumnLimits limits)
    {
        // PostgreSQL stores only UTC offsets, and SQLite orders times correctly only when they share one offset.
        record.At = record.At.ToUniversalTime();
        // A value too long for its column would make the server refuse the whole batch, again and again.
        record.RequestId = Cut(record.RequestId, limits.RequestId);
        record.AliasName = Cut(record.AliasName, limits.AliasName);
        record.Operation = Cut(record.Operation, limits.Operation);
        record.ServiceTier = record.ServiceTier is null ? null : Cut(record.ServiceTier, limits.ServiceTier);
    }

    private static string Cut(string? value, int maxLength) =>
        value is null ? "" : value.Length <= maxLength ? value : value[..maxLength];

    /// <summary>The mapped lengths of the record's text columns, read from the model so they cannot drift from it.</summary>
    private sealed record ColumnLimits(int RequestId, int AliasName, int Operation, int ServiceTier)
    {
        public static ColumnLimits Of(PortalDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(UsageRecord))!;
            int Length(string property) => entity.FindProperty(property)?.GetMaxLength() ?? int.MaxValue;
            return new ColumnLimits(
                Length(nameof(UsageRecord.RequestId)), Length(nameof(UsageRecord.AliasName)), Length(nameof(UsageRecord.Operation)), Length(nameof(UsageRecord.ServiceTier)));
        }
    }
}
