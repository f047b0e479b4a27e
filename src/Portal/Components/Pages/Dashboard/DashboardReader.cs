using AiGateway.Gateway.Metering;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Usage;

namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>
/// Puts one refresh of the dashboard together: live figures of the whole cluster from the usage records and quota
/// refusals every replica stored (<see cref="ClusterTraffic"/>, read at most once per few seconds for all open
/// dashboards), each team's quota limits from its policy, and the day's and month's tokens from the hourly rollups.
/// </summary>
public sealed class DashboardReader(
    ClusterTraffic cluster,
    QuotaPolicyService policies,
    TeamService teams,
    UsageReportService usage,
    DeploymentService deployments,
    BackendService backends)
{
    /// <summary>The dashboard as <paramref name="visibleTeams"/> may see it; null means every team (an admin).</summary>
    public async Task<DashboardView> ReadAsync(IReadOnlySet<Guid>? visibleTeams, CancellationToken ct = default)
    {
        var figures = await cluster.ReadAsync(ct);
        var live = figures.Traffic;
        // The figures are as of their read, which may be a few seconds before this refresh (they are shared).
        var now = figures.At;
        var lastMinute = live.Snapshot(TimeSpan.FromMinutes(1), visibleTeams);
        var recent = live.Snapshot(LiveTraffic.Retention, visibleTeams);
        var quotas = await ReadQuotasAsync(live, now, visibleTeams, ct);
        var capacity = visibleTeams is null ? await ReadCapacityAsync(lastMinute, ct) : [];
        return new DashboardView(now, lastMinute, recent, quotas, capacity, figures.Truncated);
    }

    private async Task<IReadOnlyList<TeamQuotaUse>> ReadQuotasAsync(LiveTraffic live, DateTimeOffset now, IReadOnlySet<Guid>? visibleTeams, CancellationToken ct)
    {
        var teamPolicies = (await policies.ListAsync(null, ct))
            .Where(p => p.Scope == QuotaScope.Team && (visibleTeams is null || visibleTeams.Contains(p.TeamId)))
            .ToList();
        if (teamPolicies.Count == 0)
        {
            return [];
        }

        var names = (await teams.ListAsync(ct)).ToDictionary(t => t.Id, t => t.Name);
        var minuteStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var thisMinute = live.Snapshot(minuteStart, visibleTeams);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var monthStart = ReportPeriod.MonthOf(now).From;
        var needsMonth = teamPolicies.Any(p => p.MonthlyTokenBudget is not null);
        var needsDay = needsMonth || teamPolicies.Any(p => p.DailyTokenBudget is not null);
        var hourEnd = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1);
        var rollups = needsDay ? await usage.ListHourlyAsync(needsMonth ? monthStart : dayStart, hourEnd, null, ct) : [];

        var result = new List<TeamQuotaUse>(teamPolicies.Count);
        foreach (var policy in teamPolicies)
        {
            var minute = thisMinute.Team(policy.TeamId);
            var gauges = new List<QuotaGauge>(4);
            if (policy.RequestsPerMinute is { } rpm)
            {
                gauges.Add(new QuotaGauge("Requests", "this minute", minute?.Admitted ?? 0, rpm));
            }

            if (policy.TokensPerMinute is { } tpm)
            {
                gauges.Add(new QuotaGauge("Tokens", "this minute", minute?.Tokens ?? 0, tpm));
            }

            if (policy.DailyTokenBudget is { } daily)
            {
                gauges.Add(new QuotaGauge("Tokens", "today", Tokens(rollups, policy.TeamId, dayStart), daily));
            }

            if (policy.MonthlyTokenBudget is { } monthly)
            {
                gauges.Add(new QuotaGauge("Tokens", "this month", Tokens(rollups, policy.TeamId, monthStart), monthly));
            }

            if (gauges.Count > 0)
            {
                result.Add(new TeamQuotaUse(policy.TeamId, names.GetValueOrDefault(policy.TeamId) ?? policy.TeamId.ToString(), gauges));
            }
        }

        return [.. result.OrderBy(q => q.TeamName, StringComparer.OrdinalIgnoreCase)];
    }

    private async Task<IReadOnlyList<CapacityUse>> ReadCapacityAsync(LiveTrafficSnapshot lastMinute, CancellationToken ct)
    {
        var provisioned = (await backends.ListAsync(ct)).Where(b => b.Tier == BackendTier.Provisioned && b.Enabled).ToDictionary(b => b.Id, b => b.Name);
        if (provisioned.Count == 0)
        {
            return [];
        }

        var byDeployment = lastMinute.Deployments.ToDictionary(d => d.Id);
        return
        [
            .. (await deployments.ListAsync(null, ct))
                .Where(d => d.Enabled && provisioned.ContainsKey(d.BackendId))
                .Select(d =>
                {
                    var figures = byDeployment.GetValueOrDefault(d.Id);
                    return new CapacityUse(
                        d.Id, d.Name, provisioned[d.BackendId], figures?.TokensPerMinute ?? 0, d.CapacityTokensPerMinute, figures?.RequestsPerMinute ?? 0);
                })
                .OrderBy(c => c.BackendName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(c => c.DeploymentName, StringComparer.OrdinalIgnoreCase),
        ];
    }

    private static long Tokens(IReadOnlyList<UsageHourlyView> rollups, Guid teamId, DateTimeOffset since)
    {
        long total = 0;
        foreach (var row in rollups)
        {
            if (row.TeamId == teamId && row.HourStart >= since)
            {
                total += row.PromptTokens + row.CompletionTokens;
            }
        }

        return total;
    }
}
