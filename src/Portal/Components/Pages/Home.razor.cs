using System.Globalization;
using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Pages.Dashboard;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Usage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages;

/// <summary>
/// The live dashboard. It refreshes itself on a <see cref="PeriodicTimer"/> driven by the injected
/// <see cref="TimeProvider"/> (so tests advance a fake clock instead of sleeping); each refresh is built off the
/// render thread and swapped in whole. Which teams' figures it shows is decided on the server at every refresh.
/// </summary>
public sealed partial class Home : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;
    private Task? _refreshing;
    private DashboardReader _reader = default!;
    private DashboardView? _view;
    private string? _error;
    private bool _isAdmin;
    private bool _disposed;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private LiveTraffic Live { get; set; } = default!;

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
        _reader = new DashboardReader(Live, Policies, Teams, Usage, Deployments, Backends, Clock);
        _isAdmin = await Access.IsAdminAsync();
        _view = await ReadAsync();
        _timer = new PeriodicTimer(RefreshInterval, Clock);
        _refreshing = RefreshPeriodicallyAsync(_timer, _stop.Token);
    }

    private async Task RefreshPeriodicallyAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var view = await ReadAsync();
                await InvokeAsync(() =>
                {
                    _view = view ?? _view;
                    StateHasChanged();
                });
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The page was closed while a refresh was under way; nothing is left to show it on.
        }
    }

    /// <summary>One refresh; a failure is shown on the page and the next tick tries again.</summary>
    private async Task<DashboardView?> ReadAsync()
    {
        try
        {
            var view = await _reader.ReadAsync(await Access.TeamsAsync(_stop.Token), _stop.Token);
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

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        _timer?.Dispose();
        if (_refreshing is { } refreshing)
        {
            await refreshing;
        }

        _stop.Dispose();
    }

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
