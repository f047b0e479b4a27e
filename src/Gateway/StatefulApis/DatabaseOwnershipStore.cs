using System.Collections.Concurrent;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// The durable layer: the <c>StoredObjectOwners</c> table, so that owners survive a restart without Redis. New
/// owners wait in memory and <see cref="OwnershipWriter"/> writes them in batches off the request path; a lookup
/// that missed memory and Redis costs one read by primary key.
/// </summary>
public sealed class DatabaseOwnershipStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IOwnershipStore
{
    /// <summary>Rows per insert batch.</summary>
    internal const int BatchSize = 500;

    private readonly ConcurrentQueue<ObjectOwner> _pending = new();

    public bool HasPending => !_pending.IsEmpty;

    public async ValueTask<ObjectOwner?> FindAsync(string objectId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var row = await db.StoredObjectOwners.AsNoTracking()
            .FirstOrDefaultAsync(o => o.ObjectId == objectId, ct).ConfigureAwait(false);
        return row is null || row.ExpiresAt <= clock.GetUtcNow() || !Enum.TryParse<StoredObjectKind>(row.Kind, out var kind)
            ? null
            : new ObjectOwner(row.ObjectId, kind, row.DeploymentId, row.BackendId, row.TeamId, row.ApiKeyId, row.CreatedAt, row.ExpiresAt);
    }

    public ValueTask RecordAsync(ObjectOwner owner, CancellationToken ct)
    {
        _pending.Enqueue(owner);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes every pending owner; returns how many rows were new. Owners that could not be written wait for the next flush.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var batch = new List<ObjectOwner>(BatchSize);
        var written = 0;
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _pending.TryDequeue(out var owner))
            {
                batch.Add(owner);
            }

            if (batch.Count == 0)
            {
                return written;
            }

            try
            {
                written += await WriteAsync(batch, ct).ConfigureAwait(false);
            }
            catch
            {
                foreach (var owner in batch)
                {
                    _pending.Enqueue(owner);
                }

                throw;
            }
        }
    }

    /// <summary>Deletes expired owners; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.StoredObjectOwners.Where(o => o.ExpiresAt <= now).ExecuteDeleteAsync(ct).ConfigureAwait(false);
    }

    private async Task<int> WriteAsync(List<ObjectOwner> batch, CancellationToken ct)
    {
        var ids = batch.Select(o => o.ObjectId).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        // Another replica may have written the same object (a retry, a list that learned it): the first write stands.
        var existing = await db.StoredObjectOwners.Where(o => ids.Contains(o.ObjectId)).Select(o => o.ObjectId)
            .ToListAsync(ct).ConfigureAwait(false);
        var known = new HashSet<string>(existing, StringComparer.Ordinal);
        foreach (var owner in batch)
        {
            if (known.Add(owner.ObjectId))
            {
                db.StoredObjectOwners.Add(new StoredObjectOwner
                {
                    ObjectId = owner.ObjectId,
                    Kind = owner.Kind.ToString(),
                    DeploymentId = owner.DeploymentId,
                    BackendId = owner.BackendId,
                    TeamId = owner.TeamId,
                    ApiKeyId = owner.KeyId,
                    CreatedAt = owner.CreatedAt,
                    ExpiresAt = owner.ExpiresAt,
                });
            }
        }

        return await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }
}
