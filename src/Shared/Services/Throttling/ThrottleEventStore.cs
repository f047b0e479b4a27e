using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Throttling;

/// <summary>
/// Writes batches of throttle events for the gateway's background writer: plain inserts in one transaction, all or
/// nothing, so a batch that failed can be passed again as it is.
/// </summary>
public sealed class ThrottleEventStore(IDbContextFactory<PortalDbContext> dbFactory)
{
    // The longest values the columns take (ThrottleEventConfiguration); longer ones are cut rather than refused, since
    // one odd name must not cost the whole batch.
    private const int RequestIdLength = 64;
    private const int KeyPrefixLength = 32;
    private const int AppIdLength = 64;
    private const int LimitLength = 32;

    public async Task WriteAsync(IReadOnlyList<ThrottleEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            Normalize(e);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async cancellation =>
        {
            db.ChangeTracker.Clear();
            foreach (var e in events)
            {
                // A retried batch must insert afresh, not update the ids a failed attempt may have assigned.
                e.Id = 0;
            }

            db.ThrottleEvents.AddRange(events);
            await db.SaveChangesAsync(cancellation);
        }, ct);
    }

    /// <summary>Deletes the events that happened before <paramref name="cutoff"/>, in one statement; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = cutoff.ToUniversalTime();
        return await db.ThrottleEvents.Where(e => e.At < before).ExecuteDeleteAsync(ct);
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

    private static void Normalize(ThrottleEvent e)
    {
        e.At = e.At.ToUniversalTime();
        e.RequestId = Cut(e.RequestId, RequestIdLength)!;
        e.TeamName = Cut(e.TeamName, FieldLimits.Name)!;
        e.KeyName = Cut(e.KeyName, FieldLimits.Name);
        e.KeyPrefix = Cut(e.KeyPrefix, KeyPrefixLength);
        e.EntraAppId = Cut(e.EntraAppId, AppIdLength);
        e.AliasName = Cut(e.AliasName, FieldLimits.Name)!;
        e.QuotaLimit = Cut(e.QuotaLimit, LimitLength);
        e.DeploymentName = Cut(e.DeploymentName, FieldLimits.Name);
        e.BackendName = Cut(e.BackendName, FieldLimits.Name);
    }

    private static string? Cut(string? value, int length) => value is { Length: var l } && l > length ? value[..length] : value;
}
