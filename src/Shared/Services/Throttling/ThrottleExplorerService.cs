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
        if (visibleTeams is { Count: 0 } || (query.TeamId is { } asked && visibleTeams is not null && !visibleTeams.Contains(asked)))
        {
            return new ExplorerPage<ThrottleEventView>([], false, period.From, period.To);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.ThrottleEvents.AsNoTracking().Where(e => e.At >= period.From && e.At < period.To);
        if (query.TeamId is { } team)
        {
            events = events.Where(e => e.TeamId == team);
        }
        else if (visibleTeams is not null)
        {
            var teams = visibleTeams.ToList();
            events = events.Where(e => teams.Contains(e.TeamId));
        }

        if (!string.IsNullOrWhiteSpace(query.Key))
        {
            var keys = await KeyMatch.IdsAsync(db, query.Key, ct);
            events = events.Where(e => e.ApiKeyId != null && keys.Contains(e.ApiKeyId.Value));
        }

        if (!string.IsNullOrWhiteSpace(query.Alias))
        {
            var alias = query.Alias.Trim();
            events = events.Where(e => e.AliasName == alias);
        }

        if (query.Kind is { } kind)
        {
            events = events.Where(e => e.Kind == kind);
        }

        // One more than asked says whether another page follows.
        var rows = await events
            .OrderByDescending(e => e.At)
            .ThenByDescending(e => e.Id)
            .Skip(query.Skip)
            .Take(query.Take + 1)
            .ToListAsync(ct);
        var hasMore = rows.Count > query.Take;
        return new ExplorerPage<ThrottleEventView>(
            [.. rows.Take(query.Take).Select(ThrottleEventView.From)], hasMore, period.From, period.To);
    }
}
