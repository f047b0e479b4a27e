using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Rollouts;

/// <summary>One side's figures as people read them: the rates and percentiles the guards compare.</summary>
public sealed record RolloutSideSummary(
    RolloutSide Side,
    long Requests,
    long Errors,
    long Throttled,
    long ContentFiltered,
    double ErrorRate,
    double ThrottleRate,
    double ContentFilterRate,
    double? P95LatencyMs,
    double? P95FirstTokenMs)
{
    public static RolloutSideSummary Of(RolloutSideFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.Side, f.Requests, f.Errors, f.Throttled, f.ContentFiltered, Math.Round(f.ErrorRate, 4), Math.Round(f.ThrottleRate, 4),
            Math.Round(f.ContentFilterRate, 4), f.P95LatencyMs, f.P95FirstTokenMs);
    }
}
