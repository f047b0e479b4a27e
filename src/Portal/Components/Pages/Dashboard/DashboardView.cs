using AiGateway.Gateway.Metering;

namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>
/// What the dashboard shows at one refresh, built off the render thread and swapped in whole.
/// <see cref="LastMinute"/> gives the rates, <see cref="Recent"/> the counts and the time series,
/// <see cref="Capacity"/> is empty for members (it is capacity shared with every team).
/// </summary>
public sealed record DashboardView(
    DateTimeOffset At,
    LiveTrafficSnapshot LastMinute,
    LiveTrafficSnapshot Recent,
    IReadOnlyList<TeamQuotaUse> Quotas,
    IReadOnlyList<CapacityUse> Capacity);
