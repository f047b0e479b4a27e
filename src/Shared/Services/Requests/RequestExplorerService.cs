using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Explorer;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Requests;

/// <summary>
/// Searches the usage records every replica stored, newest first: the request explorer of the portal and the
/// management API. Cut to the caller's teams here, on the server.
/// </summary>
public sealed class RequestExplorerService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="visibleTeams">The teams the caller may see; null means every team (an admin).</param>
    public async Task<ExplorerPage<RequestView>> SearchAsync(RequestQuery query, IReadOnlySet<Guid>? visibleTeams, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ExplorerPaging.Validate(query.Skip, query.Take);
        var status = StatusFilter.Parse(query.Status);
        var period = ExplorerPeriod.Resolve(query.From, query.To, query.Hours, clock.GetUtcNow());
        if (ExplorerRecords.SeesNothing(query, visibleTeams))
        {
            return new ExplorerPage<RequestView>([], false, period.From, period.To);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await ExplorerRecords.FilterAsync(db.UsageRecords.AsNoTracking(), db, query, period, visibleTeams, ct);
        if (!string.IsNullOrWhiteSpace(query.RequestId))
        {
            var requestId = query.RequestId.Trim();
            records = records.Where(r => r.RequestId == requestId);
        }

        if (status is { } s)
        {
            records = records.Where(r => r.StatusCode >= s.Min && r.StatusCode <= s.Max);
        }

        var (rows, hasMore) = await ExplorerRecords.PageAsync(records, query, ct);
        var names = await ExplorerNames.LoadAsync(db, rows, ct);
        return new ExplorerPage<RequestView>([.. rows.Select(names.View)], hasMore, period.From, period.To);
    }
}
