using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Usage;

/// <summary>
/// What one batch of usage records adds to one hourly rollup row: the row's dimensions (absent ones as
/// <see cref="Guid.Empty"/>) and the amounts to add to its counters.
/// </summary>
public sealed record UsageRollupDelta(
    DateTimeOffset HourStart,
    Guid TeamId,
    Guid ApiKeyId,
    string AliasName,
    Guid DeploymentId,
    Guid BackendId,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long ErrorCount,
    long ThrottledCount,
    long LatencyMsSum,
    decimal Cost,
    long CachedPromptTokens = 0,
    long ReasoningTokens = 0,
    long AudioPromptTokens = 0,
    long AudioCompletionTokens = 0)
{
    /// <summary>The start of the UTC hour that contains <paramref name="at"/>.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    /// <summary>
    /// Sums records per hour and dimensions. The result is sorted by its dimensions, so every writer touches rows in
    /// the same order and two replicas wait for each other instead of deadlocking.
    /// </summary>
    public static IReadOnlyList<UsageRollupDelta> Aggregate(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .GroupBy(r => (Hour: HourOf(r.At), r.TeamId, ApiKeyId: r.ApiKeyId ?? Guid.Empty, r.AliasName, DeploymentId: r.DeploymentId ?? Guid.Empty, BackendId: r.BackendId ?? Guid.Empty))
            .Select(g => new UsageRollupDelta(
                g.Key.Hour,
                g.Key.TeamId,
                g.Key.ApiKeyId,
                g.Key.AliasName,
                g.Key.DeploymentId,
                g.Key.BackendId,
                g.LongCount(),
                g.Sum(r => (long)r.PromptTokens),
                g.Sum(r => (long)r.CompletionTokens),
                // 499: the client left before any answer; not served, so not billed as a request either.
                g.LongCount(r => r.StatusCode >= 500 || r.StatusCode == 499),
                g.LongCount(r => r.StatusCode == 429),
                g.Sum(r => (long)r.LatencyMs),
                g.Sum(r => r.Cost),
                g.Sum(r => (long)r.CachedPromptTokens),
                g.Sum(r => (long)r.ReasoningTokens),
                g.Sum(r => (long)r.AudioPromptTokens),
                g.Sum(r => (long)r.AudioCompletionTokens)))
            .OrderBy(d => d.HourStart)
            .ThenBy(d => d.TeamId)
            .ThenBy(d => d.ApiKeyId)
            .ThenBy(d => d.AliasName, StringComparer.Ordinal)
            .ThenBy(d => d.DeploymentId)
            .ThenBy(d => d.BackendId)
            .ToList();
    }
}
