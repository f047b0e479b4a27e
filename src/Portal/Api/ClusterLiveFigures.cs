using AiGateway.Gateway.Metering;

namespace AiGateway.Portal.Api;

/// <summary>The dashboard's live figures of the whole cluster, as the management API returns them.</summary>
public sealed record ClusterLiveFigures(
    DateTimeOffset At,
    DateTimeOffset From,
    bool Truncated,
    LiveTrafficFigures LastMinute,
    LiveTrafficFigures Total,
    IReadOnlyList<LiveTrafficFigures> Teams,
    IReadOnlyList<LiveTrafficFigures> Aliases,
    IReadOnlyList<LiveTrafficFigures> Backends);
