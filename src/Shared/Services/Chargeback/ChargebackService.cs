using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// Chargeback from the hourly rollups: per team, alias and deployment, the requests a backend served, the tokens used
/// (every type the backends report), their cost at the deployment's per-token prices (spillover to standard deployments
/// included), and a share of each deployment's fixed cost, allocated day by day by token share.
/// </summary>
/// <remarks>
/// The rollups count every request that reached a backend, and among them those that no backend served: answered 429
/// (<see cref="UsageHourlyRollup.ThrottledCount"/>) or failed (<see cref="UsageHourlyRollup.ErrorCount"/>), as
/// <see cref="UsageRecord.StatusCode"/> says. Those are throttle and error figures, not something to bill: a team
/// is charged for the requests it was served, so a line shows the rest, and a line with nothing served, used or
/// priced is left out. Fixed costs of closed days are read as stored (<see cref="ChargebackPeriodService"/>); those of
/// open days are computed the same way as of now, and the report says it is provisional.
/// </remarks>
public sealed class ChargebackService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>
    /// The report for [from, to): the current UTC month when both are omitted; when one is omitted, the calendar
    /// month of the other. At most 366 days. Shares of fixed costs are computed over all teams, so a team's figures are
    /// the same whether or not the report is filtered to it.
    /// </summary>
    public async Task<ChargebackReport> GetReportAsync(DateTimeOffset? from, DateTimeOffset? to, Guid? teamId = null, CancellationToken ct = default)
    {
        var period = ResolvePeriod(from, to);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var usage = await db.UsageHourlyRollups.AsNoTracking()
            .Where(r => r.HourStart >= period.From && r.HourStart < period.To)
            .GroupBy(r => new { r.TeamId, r.AliasName, r.DeploymentId })
            .Select(g => new UsageSum(
                g.Key.TeamId,
                g.Key.AliasName,
                g.Key.DeploymentId,
                g.Sum(r => r.Requests - r.ThrottledCount - r.ErrorCount),
                g.Sum(r => r.PromptTokens),
                g.Sum(r => r.CompletionTokens),
                g.Sum(r => r.CachedPromptTokens),
                g.Sum(r => r.ReasoningTokens),
                g.Sum(r => r.AudioPromptTokens),
                g.Sum(r => r.AudioCompletionTokens),
                g.Sum(r => r.Cost)))
            .ToListAsync(ct);
        usage.RemoveAll(u => u.Requests == 0 && u.PromptTokens + u.CompletionTokens == 0 && u.Cost == 0);
        var fixedCosts = await PeriodFixedCosts.ReadAsync(db, period, clock.GetUtcNow(), ct);
        var fixedShares = fixedCosts.Allocations
            .Where(a => !a.IsUnallocated)
            .GroupBy(a => (a.TeamId, a.AliasName, a.DeploymentId))
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Amount));
        // A share can come from a day the period covers in part, from usage in the hours it leaves out.
        foreach (var (team, alias, deployment) in fixedShares.Keys.Except(usage.Select(u => (u.TeamId, u.AliasName, u.DeploymentId))))
        {
            usage.Add(new UsageSum(team, alias, deployment, 0, 0, 0, 0, 0, 0, 0, 0m));
        }

        var deployments = await db.Deployments.AsNoTracking()
            .Select(d => new DeploymentFacts(d.Id, d.Name, d.Backend!.Name, d.Backend.Tier))
            .ToDictionaryAsync(d => d.Id, ct);
        var teamIds = usage.Select(u => u.TeamId).Distinct().ToList();
        var teamNames = await db.Teams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name })
            .ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        var teams = usage
            .Where(u => teamId is null || u.TeamId == teamId)
            .Select(u => ToLine(u, fixedShares.GetValueOrDefault((u.TeamId, u.AliasName, u.DeploymentId)), deployments, teamNames))
            .GroupBy(l => l.TeamId)
            .Select(g => ToTeam(g.Key, [.. g.OrderBy(l => l.AliasName, StringComparer.Ordinal).ThenBy(l => l.DeploymentName, StringComparer.Ordinal).ThenBy(l => l.DeploymentId)]))
            .OrderBy(t => t.TeamName is null)
            .ThenBy(t => t.TeamName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(t => t.TeamId)
            .ToList();
        return new ChargebackReport(
            period.From,
            period.To,
            teamId,
            teams,
            ToFixedCostViews(fixedCosts.Allocations, deployments),
            ChargebackTotals.Of(teams),
            fixedCosts.Provisional,
            fixedCosts.OpenDays);
    }

    private ReportPeriod ResolvePeriod(DateTimeOffset? from, DateTimeOffset? to)
    {
        var month = (from, to) switch
        {
            (null, null) => ReportPeriod.MonthOf(clock.GetUtcNow()),
            (null, { } end) => ReportPeriod.MonthOf(end.AddTicks(-1)),
            ({ } start, _) => ReportPeriod.MonthOf(start),
        };
        return ReportPeriod.Validate(from ?? month.From, to ?? month.To, MaxPeriod);
    }

    private static List<ChargebackFixedCostView> ToFixedCostViews(IReadOnlyList<DayAllocation> allocations, Dictionary<Guid, DeploymentFacts> deployments) =>
    [
        .. allocations
            .GroupBy(a => a.DeploymentId)
            .Select(g =>
            {
                var deployment = deployments.GetValueOrDefault(g.Key);
                var days = g.GroupBy(a => a.DayStart).ToList();
                var cost = days.Sum(d => d.First().DailyFixedCost);
                var allocated = g.Where(a => !a.IsUnallocated).Sum(a => a.Amount);
                return new ChargebackFixedCostView(g.Key, deployment?.Name, deployment?.BackendName, days.Count, cost, g.Sum(a => a.Tokens), allocated, cost - allocated);
            })
            .OrderBy(v => v.DeploymentName, StringComparer.Ordinal)
            .ThenBy(v => v.DeploymentId),
    ];

    private static ChargebackLineView ToLine(UsageSum u, decimal fixedShare, Dictionary<Guid, DeploymentFacts> deployments, Dictionary<Guid, string> teamNames)
    {
        var deployment = deployments.GetValueOrDefault(u.DeploymentId);
        var tokenCost = Math.Round(u.Cost, FixedCostAllocation.Decimals, MidpointRounding.AwayFromZero);
        return new ChargebackLineView(
            u.TeamId,
            teamNames.GetValueOrDefault(u.TeamId),
            u.AliasName,
            u.DeploymentId == Guid.Empty ? null : u.DeploymentId,
            deployment?.Name,
            deployment?.BackendName,
            deployment?.Tier,
            u.Requests,
            u.PromptTokens,
            u.CompletionTokens,
            u.CachedPromptTokens,
            u.ReasoningTokens,
            u.AudioPromptTokens,
            u.AudioCompletionTokens,
            tokenCost,
            fixedShare,
            tokenCost + fixedShare);
    }

    private static ChargebackTeamView ToTeam(Guid teamId, IReadOnlyList<ChargebackLineView> lines) => new(
        teamId,
        lines[0].TeamName,
        lines.Sum(l => l.Requests),
        lines.Sum(l => l.PromptTokens),
        lines.Sum(l => l.CompletionTokens),
        lines.Sum(l => l.CachedPromptTokens),
        lines.Sum(l => l.ReasoningTokens),
        lines.Sum(l => l.AudioPromptTokens),
        lines.Sum(l => l.AudioCompletionTokens),
        lines.Sum(l => l.TokenCost),
        lines.Sum(l => l.FixedCost),
        lines.Sum(l => l.TotalCost),
        lines);

    private sealed record UsageSum(
        Guid TeamId,
        string AliasName,
        Guid DeploymentId,
        long Requests,
        long PromptTokens,
        long CompletionTokens,
        long CachedPromptTokens,
        long ReasoningTokens,
        long AudioPromptTokens,
        long AudioCompletionTokens,
        decimal Cost);

    private sealed record DeploymentFacts(Guid Id, string Name, string? BackendName, BackendTier? Tier);
}
