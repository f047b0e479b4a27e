using System.Globalization;
using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Pages.Dashboard;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Usage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages;

/// <summary>
/// The live dashboard. It refreshes itself (<see cref="PeriodicRefresh"/>) on a timer driven by the injected
/// <see cref="TimeProvider"/> (so tests advance a fake clock instead of sleeping); each refresh is built off the
/// render thread and swapped in whole. Which teams' figures it shows is decided on the server at every refresh.
/// </summary>
public sealed partial class Home : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly PeriodicRefresh _refresh = new();
    private DashboardReader _reader = default!;
    private DashboardView? _view;
    private string? _error;
    private bool _isAdmin;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private ClusterTraffic Cluster { get; set; } = default!;

    [Inject]
    private IOptions<MeteringOptions> Metering { get; set; } = default!;

    [Inject]
    private QuotaPolicyService Policies { get; set; } = default!;

    [Inject]
    private TeamService Teams { get; set; } = default!;

    [Inject]
    private UsageReportService Usage { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private BackendService Backends { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<Home> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _reader = new DashboardReader(Cluster, Policies, Teams, Usage, Deployments, Backends);
        _isAdmin = await Access.IsAdminAsync();
        _view = await ReadAsync();
        _refresh.Start(RefreshInterval, Clock, async () =>
        {
            // Read off the render thread; only the swap of the finished view runs on it.
            var view = await ReadAsync();
            await InvokeAsync(() =>
            {
                _view = view ?? _view;
                StateHasChanged();
            });
        });
    }

    /// <summary>One refresh; a failure is shown on the page and the next tick tries again.</summary>
    private async Task<DashboardView?> ReadAsync()
    {
        try
        {
            var view = await _reader.ReadAsync(await Access.TeamsAsync(_refresh.Stopping), _refresh.Stopping);
            _error = null;
            return view;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RefreshFailed(Logger, e);
            _error = "The dashboard could not be refreshed; it will try again in a few seconds.";
            return null;
        }
    }

    public ValueTask DisposeAsync() => _refresh.DisposeAsync();

    private static string Number(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Latency(double? ms) => ms is { } value ? $"≤ {value.ToString("N0", CultureInfo.InvariantCulture)} ms" : "–";

    private static Color GaugeColor(double percent) => percent >= 90 ? Color.Error : percent >= 70 ? Color.Warning : Color.Success;

    private static string[] SeriesLabels(IReadOnlyList<LiveTrafficPoint> series) =>
        [.. series.Select((p, i) => i % 12 == 0 ? p.Start.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) : "")];

    private static List<ChartSeries<double>> TrafficSeries(IReadOnlyList<LiveTrafficPoint> series) =>
    [
        new() { Name = "Requests", Data = series.Select(p => (double)p.Requests).ToArray() },
        new() { Name = "429s", Data = series.Select(p => (double)p.Throttled).ToArray() },
        new() { Name = "Errors", Data = series.Select(p => (double)p.Errors).ToArray() },
    ];

    private static List<ChartSeries<double>> TokensByTeam(LiveTrafficSnapshot snapshot) =>
        [new() { Name = "Tokens per minute", Data = snapshot.Teams.Select(t => Math.Round(t.TokensPerMinute)).ToArray() }];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refreshing the dashboard failed")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}
