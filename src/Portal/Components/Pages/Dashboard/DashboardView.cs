using AiGateway.Gateway.Metering;

namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>
/// What the dashboard shows at one refresh, built off the render thread and swapped in whole.
/// <see cref="LastMinute"/> gives the rates, <see cref="Recent"/> the counts and the time series,
/// <see cref="Capacity"/> is empty for members (it is capacity shared with every team). <see cref="Truncated"/> says
/// the window held more records than one read adds up, so the oldest minutes are undercounted.
/// </summary>
public sealed record DashboardView(
    DateTimeOffset At,
    LiveTrafficSnapshot LastMinute,
    LiveTrafficSnapshot Recent,
    IReadOnlyList<TeamQuotaUse> Quotas,
    IReadOnlyList<CapacityUse> Capacity,
    bool Truncated = false);
