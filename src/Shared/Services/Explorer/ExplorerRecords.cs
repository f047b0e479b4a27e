using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Explorer;

/// <summary>
/// What every explorer search does with its records: the period, the teams the caller may see, the key and the alias
/// of an <see cref="ExplorerQuery"/>, then one page, newest first.
/// </summary>
internal static class ExplorerRecords
{
    /// <summary>
    /// True when the caller can see none of what was asked: no teams at all, or a team that is not theirs. The search
    /// answers an empty page rather than an error, so a team's existence is not given away.
    /// </summary>
    public static bool SeesNothing(ExplorerQuery query, IReadOnlySet<Guid>? visibleTeams) =>
        visibleTeams is { Count: 0 } || (query.TeamId is { } asked && visibleTeams is not null && !visibleTeams.Contains(asked));

    /// <summary>The records in <paramref name="period"/> that match the query's team (within <paramref name="visibleTeams"/>), key and alias.</summary>
    public static async Task<IQueryable<T>> FilterAsync<T>(
        IQueryable<T> records, PortalDbContext db, ExplorerQuery query, ReportPeriod period, IReadOnlySet<Guid>? visibleTeams, CancellationToken ct)
        where T : class, IExplorerRecord
    {
        records = records.Where(r => r.At >= period.From && r.At < period.To);
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

        return records;
    }

    /// <summary>The query's page of <paramref name="records"/>, newest first, and whether another follows.</summary>
    public static async Task<(List<T> Rows, bool HasMore)> PageAsync<T>(IQueryable<T> records, ExplorerQuery query, CancellationToken ct)
        where T : class, IExplorerRecord
    {
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

        return (rows, hasMore);
    }
}
