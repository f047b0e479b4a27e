using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// Chargeback from the hourly rollups: per team, alias and deployment, the requests a backend served, the tokens used,
/// their cost at the deployment's per-token prices (spillover to standard deployments included), and a share of each
/// deployment's fixed monthly cost, prorated to the period and split across teams by their share of that deployment's
/// tokens.
/// </summary>
/// <remarks>
/// The rollups count every request that reached a backend, and among them those that no backend served: answered 429
/// (<see cref="UsageHourlyRollup.ThrottledCount"/>) or failed (<see cref="UsageHourlyRollup.ErrorCount"/>), as
/// <see cref="UsageRecord.StatusCode"/> says. Those are throttle and error figures, not something to bill: a team
/// is charged for the requests it was served, so a line shows the rest, and a line with nothing served, used or
/// priced is left out. The fixed cost is the one in force at the period's start, applied to the whole period.
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
                g.Sum(r => r.Cost)))
            .ToListAsync(ct);
        usage.RemoveAll(u => u.Requests == 0 && u.Tokens == 0 && u.Cost == 0);
        var deployments = await db.Deployments.AsNoTracking()
            .Select(d => new DeploymentFacts(
                d.Id,
                d.Name,
                d.Backend!.Name,
                d.Backend.Tier,
                // The default tier's fixed cost in force when the period starts.
                d.Prices
                    .Where(p => p.ServiceTier == DeploymentPrice.DefaultServiceTier && p.EffectiveFrom <= period.From)
                    .OrderByDescending(p => p.EffectiveFrom)
                    .Select(p => p.MonthlyFixedCost)
                    .FirstOrDefault()))
            .ToDictionaryAsync(d => d.Id, ct);
        var teamIds = usage.Select(u => u.TeamId).Distinct().ToList();
        var teamNames = await db.Teams.AsNoTracking()
            .Where(t => teamIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name })
            .ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        // A stable order, so the units left over by rounding always go to the same lines.
        usage = [.. usage.OrderBy(u => u.TeamId).ThenBy(u => u.AliasName, StringComparer.Ordinal).ThenBy(u => u.DeploymentId)];
        var fixedShares = new decimal[usage.Count];
        var fixedCosts = new List<ChargebackFixedCostView>();
        foreach (var deployment in deployments.Values.Where(d => d.MonthlyFixedCost > 0).OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Id))
        {
            var monthly = deployment.MonthlyFixedCost!.Value;
            var prorated = FixedCostAllocation.Prorate(monthly, period);
            var lines = Enumerable.Range(0, usage.Count).Where(i => usage[i].DeploymentId == deployment.Id).ToList();
            var tokens = lines.ConvertAll(i => usage[i].Tokens);
            var shares = FixedCostAllocation.Allocate(prorated, tokens);
            for (var j = 0; j < lines.Count; j++)
            {
                fixedShares[lines[j]] = shares[j];
            }

            var allocated = shares.Sum();
            fixedCosts.Add(new ChargebackFixedCostView(
                deployment.Id, deployment.Name, deployment.BackendName, monthly, prorated, tokens.Sum(), allocated, prorated - allocated));
        }

        var teams = Enumerable.Range(0, usage.Count)
            .Where(i => teamId is null || usage[i].TeamId == teamId)
            .Select(i => ToLine(usage[i], fixedShares[i], deployments, teamNames))
            .GroupBy(l => l.TeamId)
            .Select(g => ToTeam(g.Key, [.. g.OrderBy(l => l.AliasName, StringComparer.Ordinal).ThenBy(l => l.DeploymentName, StringComparer.Ordinal).ThenBy(l => l.DeploymentId)]))
            .OrderBy(t => t.TeamName is null)
            .ThenBy(t => t.TeamName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(t => t.TeamId)
            .ToList();
        var totals = new ChargebackTotals(
            teams.Sum(t => t.Requests),
            teams.Sum(t => t.PromptTokens),
            teams.Sum(t => t.CompletionTokens),
            teams.Sum(t => t.TokenCost),
            teams.Sum(t => t.FixedCost),
            teams.Sum(t => t.TotalCost));
        return new ChargebackReport(period.From, period.To, teamId, teams, fixedCosts, totals);
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
        lines.Sum(l => l.TokenCost),
        lines.Sum(l => l.FixedCost),
        lines.Sum(l => l.TotalCost),
        lines);

    private sealed record UsageSum(Guid TeamId, string AliasName, Guid DeploymentId, long Requests, long PromptTokens, long CompletionTokens, decimal Cost)
    {
        public long Tokens => PromptTokens + CompletionTokens;
    }

    private sealed record DeploymentFacts(Guid Id, string Name, string? BackendName, BackendTier? Tier, decimal? MonthlyFixedCost);
}
