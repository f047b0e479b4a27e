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
        if (visibleTeams is { Count: 0 } || (query.TeamId is { } asked && visibleTeams is not null && !visibleTeams.Contains(asked)))
        {
            return new ExplorerPage<RequestView>([], false, period.From, period.To);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = db.UsageRecords.AsNoTracking().Where(r => r.At >= period.From && r.At < period.To);
        if (!string.IsNullOrWhiteSpace(query.RequestId))
        {
            var requestId = query.RequestId.Trim();
            records = records.Where(r => r.RequestId == requestId);
        }

        if (query.TeamId is { } team)
        {
            records = records.Where(r => r.TeamId == team);
        }
        else if (visibleTeams is not null)
        {
            var teams = visibleTeams.ToList();
            records = records.Where(r => teams.Contains(r.TeamId));
        }

        if (!string.IsNullOrWhiteSpace(query.Key))
        {
            var keys = await KeyMatch.IdsAsync(db, query.Key, ct);
            records = records.Where(r => r.ApiKeyId != null && keys.Contains(r.ApiKeyId.Value));
        }

        if (!string.IsNullOrWhiteSpace(query.Alias))
        {
            var alias = query.Alias.Trim();
            records = records.Where(r => r.AliasName == alias);
        }

        if (status is { } s)
        {
            records = records.Where(r => r.StatusCode >= s.Min && r.StatusCode <= s.Max);
        }

        // One more than asked says whether another page follows.
        var rows = await records
            .OrderByDescending(r => r.At)
            .ThenByDescending(r => r.Id)
            .Skip(query.Skip)
            .Take(query.Take + 1)
            .ToListAsync(ct);
        var hasMore = rows.Count > query.Take;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var names = await ExplorerNames.LoadAsync(db, rows, ct);
        return new ExplorerPage<RequestView>([.. rows.Select(names.View)], hasMore, period.From, period.To);
    }
}
