using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Explorer;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Throttling;

/// <summary>
/// Reads the quota refusals and backend throttles every replica stored, newest first: the "why was I throttled"
/// explorer of the portal and the management API. Cut to the caller's teams here, on the server.
/// </summary>
public sealed class ThrottleExplorerService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="visibleTeams">The teams the caller may see; null means every team (an admin).</param>
    public async Task<ExplorerPage<ThrottleEventView>> SearchAsync(ThrottleEventQuery query, IReadOnlySet<Guid>? visibleTeams, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ExplorerPaging.Validate(query.Skip, query.Take);
        var period = ExplorerPeriod.Resolve(query.From, query.To, query.Hours, clock.GetUtcNow());
        if (ExplorerRecords.SeesNothing(query, visibleTeams))
        {
            return new ExplorerPage<ThrottleEventView>([], false, period.From, period.To);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = await ExplorerRecords.FilterAsync(db.ThrottleEvents.AsNoTracking(), db, query, period, visibleTeams, ct);
        if (query.Kind is { } kind)
        {
            events = events.Where(e => e.Kind == kind);
        }

        var (rows, hasMore) = await ExplorerRecords.PageAsync(events, query, ct);
        return new ExplorerPage<ThrottleEventView>([.. rows.Select(ThrottleEventView.From)], hasMore, period.From, period.To);
    }
}
