using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Usage;

/// <summary>Reads the hourly usage rollups for dashboards; never scans raw usage records.</summary>
public sealed class UsageReportService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan MaxHourlyPeriod = TimeSpan.FromDays(31);
    public static readonly TimeSpan DefaultHourlyPeriod = TimeSpan.FromHours(24);

    /// <summary>
    /// Rollup rows whose hour starts in [from, to), oldest first. Without <paramref name="to"/> the period ends with the
    /// current hour; without <paramref name="from"/> it starts 24 hours before its end. At most 31 days.
    /// </summary>
    public async Task<IReadOnlyList<UsageHourlyView>> ListHourlyAsync(DateTimeOffset? from, DateTimeOffset? to, Guid? teamId, CancellationToken ct = default)
    {
        var end = to ?? UsageRollupDelta.HourOf(clock.GetUtcNow()).AddHours(1);
        var period = ReportPeriod.Validate(from ?? end - DefaultHourlyPeriod, end, MaxHourlyPeriod);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.UsageHourlyRollups.AsNoTracking().Where(r => r.HourStart >= period.From && r.HourStart < period.To);
        if (teamId is { } team)
        {
            rows = rows.Where(r => r.TeamId == team);
        }

        var list = await rows
            .OrderBy(r => r.HourStart)
            .ThenBy(r => r.TeamId)
            .ThenBy(r => r.AliasName)
            .ThenBy(r => r.DeploymentId)
            .ThenBy(r => r.ApiKeyId)
            .ThenBy(r => r.Id)
            .ToListAsync(ct);
        return list.ConvertAll(UsageHourlyView.From);
    }
}
