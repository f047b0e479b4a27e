using System.Globalization;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Chargeback;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>
/// For admins, under the chargeback table: the state of each day of the period, re-open (with a reason) and close now.
/// The admin role is asked again on the server before each action.
/// </summary>
public sealed partial class ChargebackPeriodsPanel
{
    private IReadOnlyList<ChargebackDayView> _days = [];
    private string? _reason;
    private (DateOnly, DateOnly) _loaded;

    [Inject]
    private ChargebackPeriodService Periods { get; set; } = default!;

    [Inject]
    private IOptions<ChargebackOptions> Options { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>The period's first day.</summary>
    [Parameter, EditorRequired]
    public DateOnly From { get; set; }

    /// <summary>The day after the period's last.</summary>
    [Parameter, EditorRequired]
    public DateOnly To { get; set; }

    /// <summary>Raised after a day was re-opened or closed, so the page reads its report again.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    protected override string AdminOnlyMessage => "Only an administrator may re-open or close chargeback days.";

    private string CloseAfterText => Options.Value.CloseAfter.ToString("g", CultureInfo.InvariantCulture);

    protected override async Task OnParametersSetAsync()
    {
        if (Allowed && _loaded != (From, To))
        {
            await LoadAsync();
        }
    }

    protected override async Task LoadAsync()
    {
        _loaded = (From, To);
        _days = await Periods.ListAsync(From, To);
    }

    protected override void ClearData() => _days = [];

    private async Task ReopenAsync(DateOnly day)
    {
        await RunAsync(actor => Periods.ReopenAsync(day, _reason, actor), $"{DayText(day)} re-opened: reports compute it again until it is closed.");
        _reason = null;
        await Changed.InvokeAsync();
    }

    private async Task CloseAsync(DateOnly day)
    {
        await RunAsync(actor => Periods.CloseAsync(day, actor), $"{DayText(day)} closed: its fixed costs are allocated and stored.");
        await Changed.InvokeAsync();
    }

    private bool HasEnded(DateOnly day) => UtcDay.StartOf(day) + UtcDay.Length <= Clock.GetUtcNow();

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
