using System.Globalization;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Spend;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>
/// The team's own spend for a month: per key and per alias, its budgets' use with a bar each, and a forecast for the
/// month. Read through the workspace, which checks on the server that this person may read the team's usage.
/// </summary>
public sealed partial class TeamSpendTab : TeamComponentBase
{
    private TeamSpendView? _spend;
    private string _month = "";
    private Guid _loadedTeam;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid TeamId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != TeamId)
        {
            _loadedTeam = TeamId;
            _month = Clock.GetUtcNow().UtcDateTime.ToString(SpendMonth.Format, CultureInfo.InvariantCulture);
            await LoadAsync();
        }
    }

    protected override async Task ReadAsync() => _spend = await Workspace.GetSpendAsync(TeamId, _month);

    private async Task MoveAsync(int months)
    {
        var start = DateTime.ParseExact(_month, SpendMonth.Format, CultureInfo.InvariantCulture);
        _month = start.AddMonths(months).ToString(SpendMonth.Format, CultureInfo.InvariantCulture);
        Error = null;
        await LoadAsync();
    }

    private static string ForecastExplanation(TeamSpendView spend) => spend.Forecast switch
    {
        null => "The month has not started: no forecast.",
        { ElapsedShare: >= 1m } => "The month has ended: the forecast is what was spent.",
        { } f => string.Create(
            CultureInfo.InvariantCulture,
            $"Forecast: the spend so far divided by the share of the month elapsed ({f.ElapsedShare * 100m:0.#} % at {spend.AsOf.UtcDateTime:yyyy-MM-dd HH:mm} UTC), i.e. the month at the current rate."),
    };

    private static string Amount(BudgetUnit unit, decimal value) =>
        unit == BudgetUnit.Cost ? Money.Format(value) : value.ToString("N0", CultureInfo.InvariantCulture);

    private static Color BarColor(decimal percent) => percent switch
    {
        >= 100m => Color.Error,
        >= 80m => Color.Warning,
        _ => Color.Success,
    };
}
