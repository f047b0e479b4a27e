using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Usage;

/// <summary>One hourly rollup row; absent dimensions (a deleted key, no deployment) are null.</summary>
public sealed record UsageHourlyView(
    DateTimeOffset HourStart,
    Guid TeamId,
    Guid? ApiKeyId,
    string AliasName,
    Guid? DeploymentId,
    Guid? BackendId,
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
    /// <summary>The requests a backend served: those neither throttled nor failed. What chargeback counts.</summary>
    public long ServedRequests => Requests - ErrorCount - ThrottledCount;

    public static UsageHourlyView From(UsageHourlyRollup r) => new(
        r.HourStart, r.TeamId, NullIfEmpty(r.ApiKeyId), r.AliasName, NullIfEmpty(r.DeploymentId), NullIfEmpty(r.BackendId),
        r.Requests, r.PromptTokens, r.CompletionTokens, r.ErrorCount, r.ThrottledCount, r.LatencyMsSum, r.Cost,
        r.CachedPromptTokens, r.ReasoningTokens, r.AudioPromptTokens, r.AudioCompletionTokens);

    private static Guid? NullIfEmpty(Guid id) => id == Guid.Empty ? null : id;
}
