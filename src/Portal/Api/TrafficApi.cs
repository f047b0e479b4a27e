using AiGateway.Gateway.Metering;

namespace AiGateway.Portal.Api;

public static class TrafficApi
{
    public static RouteGroupBuilder MapTrafficApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/traffic/live", async (ClusterTraffic cluster, CancellationToken ct) =>
            {
                var figures = await cluster.ReadAsync(ct);
                var recent = figures.Traffic.Snapshot(LiveTraffic.Retention);
                var lastMinute = figures.Traffic.Snapshot(TimeSpan.FromMinutes(1));
                return new ClusterLiveFigures(figures.At, recent.From, figures.Truncated, lastMinute.Total, recent.Total, recent.Teams, recent.Aliases, recent.Backends);
            })
            .WithTags("Traffic")
            .WithDescription(
                "The dashboard's live figures of every replica, from the stored usage records and quota refusals of the last 15 minutes: totals, rates over the last minute, "
                + "and counts by team, alias and backend. Read at most every 5 seconds; records reach the database within about Metering:FlushIntervalMilliseconds.");
        return admin;
    }
}
