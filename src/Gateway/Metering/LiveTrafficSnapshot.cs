namespace AiGateway.Gateway.Metering;

/// <summary>
/// The live counters of this replica over [<see cref="From"/>, <see cref="To"/>), optionally for some teams only:
/// totals and rates by team, alias, backend and deployment, latency percentiles, tier shares and a time series.
/// </summary>
/// <param name="ProvisionedRequests">Answers delivered by provisioned deployments.</param>
/// <param name="StandardRequests">Answers delivered by standard deployments.</param>
/// <param name="SpilloverRequests">Of the standard ones, those that spilled over from provisioned capacity.</param>
public sealed record LiveTrafficSnapshot(
    DateTimeOffset From,
    DateTimeOffset To,
    LiveTrafficFigures Total,
    IReadOnlyList<LiveTrafficFigures> Teams,
    IReadOnlyList<LiveTrafficFigures> Aliases,
    IReadOnlyList<LiveTrafficFigures> Backends,
    IReadOnlyList<LiveTrafficFigures> Deployments,
    double? P50LatencyMs,
    double? P95LatencyMs,
    long ProvisionedRequests,
    long StandardRequests,
    long ProvisionedTokens,
    long StandardTokens,
    long SpilloverRequests,
    IReadOnlyList<LiveTrafficPoint> Series)
{
    public TimeSpan Length => To - From;

    public double ErrorRate => Total.ErrorRate;

    public double ThrottleRate => Total.ThrottleRate;

    /// <summary>The share of delivered answers' tokens that provisioned deployments served.</summary>
    public double ProvisionedTokenShare => ProvisionedTokens + StandardTokens == 0 ? 0 : (double)ProvisionedTokens / (ProvisionedTokens + StandardTokens);

    /// <summary>The share of delivered answers that spilled over from provisioned to standard capacity.</summary>
    public double SpilloverShare => ProvisionedRequests + StandardRequests == 0 ? 0 : (double)SpilloverRequests / (ProvisionedRequests + StandardRequests);

    public LiveTrafficFigures? Team(Guid id)
    {
        foreach (var team in Teams)
        {
            if (team.Id == id)
            {
                return team;
            }
        }

        return null;
    }
}
