using System.Globalization;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Portal.Hosting;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Usage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>
/// Usage and chargeback for a period (default this UTC month) and a team: tokens and cost over time from the hourly
/// rollups, the chargeback table, and its CSV. A member sees, and downloads, only their own teams' figures.
/// </summary>
public sealed partial class UsagePage
{
    private IReadOnlyList<TeamView> _teams = [];
    private DateRange _range = new();
    private Guid? _teamId;
    private ReportPeriod? _period;
    private ChargebackReport? _report;
    private IReadOnlyList<UsagePoint> _points = [];
    private string[] _labels = [];
    private List<ChartSeries<double>> _tokenSeries = [];
    private List<ChartSeries<double>> _costSeries = [];
    private LineChartOptions _tokenOptions = new();
    private BarChartOptions _costOptions = new();
    private bool _isAdmin;
    private bool _loading;
    private string? _error;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private TeamService Teams { get; set; } = default!;

    [Inject]
    private ChargebackService Chargeback { get; set; } = default!;

    [Inject]
    private UsageReportService Usage { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>A team to open the page on, e.g. from a team's page: <c>/usage?teamId=...</c>.</summary>
    [SupplyParameterFromQuery(Name = "teamId")]
    public Guid? InitialTeamId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var month = ReportPeriod.MonthOf(Clock.GetUtcNow());
        _range = new DateRange(month.From.UtcDateTime, month.To.UtcDateTime.AddDays(-1));
        _teamId = InitialTeamId;
        _isAdmin = await Access.IsAdminAsync();
        var visible = await Access.TeamsAsync();
        var all = await Teams.ListAsync();
        _teams = visible is null ? all : [.. all.Where(t => visible.Contains(t.Id))];
        await LoadAsync();
    }

    private async Task OnRangeChangedAsync(DateRange range)
    {
        _range = range;
        if (range.Start is not null && range.End is not null)
        {
            await LoadAsync();
        }
    }

    private async Task OnTeamChangedAsync(Guid? teamId)
    {
        _teamId = teamId;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            // Days are whole UTC days; the period ends after its last day.
            var from = new DateTimeOffset(DateTime.SpecifyKind(_range.Start!.Value.Date, DateTimeKind.Utc));
            var to = new DateTimeOffset(DateTime.SpecifyKind(_range.End!.Value.Date.AddDays(1), DateTimeKind.Utc));
            _period = ReportPeriod.Validate(from, to, ChargebackService.MaxPeriod);

            // Checked on the server whatever the select offered: a member asking for another team gets nothing.
            var visible = await Access.TeamsAsync();
            if (_teamId is { } team && visible is not null && !visible.Contains(team))
            {
                _report = null;
                _points = [];
                _error = "You are not a member of this team.";
                return;
            }

            _report = ChargebackScope.Restrict(await Chargeback.GetReportAsync(_period.From, _period.To, _teamId), visible);
            var rows = new List<UsageHourlyView>();
            for (var start = _period.From; start < _period.To; start += UsageReportService.MaxHourlyPeriod)
            {
                var end = start + UsageReportService.MaxHourlyPeriod < _period.To ? start + UsageReportService.MaxHourlyPeriod : _period.To;
                rows.AddRange(await Usage.ListHourlyAsync(start, end, _teamId));
            }

            _points = UsageSeries.Build(_period, visible is null ? rows : rows.Where(r => visible.Contains(r.TeamId)), Clock.GetUtcNow());
            DrawCharts();
        }
        catch (RequestValidationException e)
        {
            _error = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        finally
        {
            _loading = false;
        }
    }

    private string CsvUrl
    {
        get
        {
            if (_period is null)
            {
                return PortalDownloads.ChargebackCsvPath;
            }

            var url = $"{PortalDownloads.ChargebackCsvPath}?from={Iso(_period.From)}&to={Iso(_period.To)}";
            return _teamId is { } team ? $"{url}&teamId={team}" : url;
        }
    }

    private string CsvFileName => _report is null ? "chargeback.csv" : ChargebackCsv.FileName(_report);

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>
    /// The charts' series, labels and axes for <see cref="_points"/>, built once per load rather than on every render.
    /// Steps still to come are gaps (null), not zeros; each axis is scaled to its own data (<see cref="ChartScale"/>).
    /// </summary>
    private void DrawCharts()
    {
        var hourly = _period is not null && UsageSeries.StepFor(_period) < TimeSpan.FromDays(1);
        var every = Math.Max(1, (int)Math.Ceiling(_points.Count / 12.0));
        _labels =
        [
            .. _points.Select((p, i) => i % every != 0
                ? ""
                : p.Start.UtcDateTime.ToString(hourly ? "dd HH:00" : "MM-dd", CultureInfo.InvariantCulture)),
        ];

        var past = _points.Where(p => !p.InFuture).ToList();
        var tokens = ChartScale.ForCounts(past.Select(p => (double)Math.Max(p.PromptTokens, p.CompletionTokens)));
        _tokenSeries =
        [
            new() { Name = "Prompt tokens", Data = Values(p => p.PromptTokens) },
            new() { Name = "Completion tokens", Data = Values(p => p.CompletionTokens) },
        ];
        _tokenOptions = new LineChartOptions
        {
            YAxisTicks = tokens.Step,
            YAxisToStringFunc = v => Number((long)Math.Round(v)),
        };

        var cost = ChartScale.ForAmounts(past.Select(p => (double)p.Cost));
        _costSeries =
        [
            new() { Name = "Token cost", Data = Values(p => cost.Plot((double)p.Cost)), TooltipYValueFormat = cost.TooltipFormat },
        ];
        _costOptions = new BarChartOptions
        {
            YAxisTicks = cost.Step,
            YAxisToStringFunc = v => Money.Format((decimal)cost.Unplot(v)),
        };
    }

    private double?[] Values(Func<UsagePoint, double> value) => [.. _points.Select(p => p.InFuture ? (double?)null : value(p))];

    private string TeamLabel(Guid? id) =>
        id is { } team ? _teams.FirstOrDefault(t => t.Id == team)?.Name ?? team.ToString() : _isAdmin ? "All teams" : "All my teams";

    /// <summary>The open days of a provisional report, as a count and a range: "3 days (2026-11-28 to 2026-11-30)".</summary>
    private static string OpenDaysText(ChargebackReport report) => report.OpenDays switch
    {
        [] => "days to come are",
        [var one] => $"1 day ({one:yyyy-MM-dd}) is",
        [var first, .., var last] => $"{report.OpenDays.Count} days ({first:yyyy-MM-dd} to {last:yyyy-MM-dd}) are",
    };

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
