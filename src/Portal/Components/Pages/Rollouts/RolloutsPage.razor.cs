using System.Globalization;
using AiGateway.Gateway.Rollouts;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Rollouts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Rollouts;

/// <summary>
/// Rollouts: the wizard, a live view of each rollout in progress (blue and green side by side, refreshed every few
/// seconds on the injected clock), the actions on it, and the history of finished ones. Admins only, checked on
/// the server before every read and action.
/// </summary>
public sealed partial class RolloutsPage : AdminPageBase, IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly PeriodicRefresh _refresh = new();
    private IReadOnlyList<RolloutView> _rollouts = [];
    private Dictionary<Guid, RolloutComparison> _comparisons = [];
    private string? _error;

    [Inject]
    private RolloutService Rollouts { get; set; } = default!;

    [Inject]
    private RolloutFiguresStore Figures { get; set; } = default!;

    [Inject]
    private AliasService AliasService { get; set; } = default!;

    [Inject]
    private DeploymentService DeploymentService { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override string AdminOnlyMessage => "Only admins can run rollouts.";

    private List<RolloutView> Active => [.. _rollouts.Where(r => r.IsActive)];

    private List<RolloutView> Finished => [.. _rollouts.Where(r => !r.IsActive)];

    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        if (Allowed)
        {
            _refresh.Start(RefreshInterval, Clock, () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    protected override async Task LoadAsync()
    {
        // The periodic refresh reads too, so it asks the server first like an action does.
        if (!await IsStillAdminAsync())
        {
            return;
        }

        try
        {
            var rollouts = await Rollouts.ListAsync(ct: _refresh.Stopping);
            var comparisons = new Dictionary<Guid, RolloutComparison>();
            foreach (var rollout in rollouts.Where(r => r.State is RolloutState.Running or RolloutState.Paused))
            {
                comparisons[rollout.Id] = await Figures.CompareAsync(rollout, _refresh.Stopping);
            }

            _rollouts = rollouts;
            _comparisons = comparisons;
            _error = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = "The rollouts could not be refreshed; the page tries again in a few seconds.";
        }
    }

    protected override void ClearData()
    {
        _rollouts = [];
        _comparisons = [];
    }

    private async Task NewRolloutAsync()
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        var parameters = new DialogParameters
        {
            [nameof(RolloutWizardDialog.Aliases)] = await AliasService.ListAsync(),
            [nameof(RolloutWizardDialog.Deployments)] = await DeploymentService.ListAsync(),
        };
        await EditAsync<RolloutWizardDialog, RolloutView>("New rollout", parameters, created =>
            $"Rollout of '{created.AliasName}' to {created.ToDeploymentName} {(created.State == RolloutState.Running ? "started" : "created")}.");
    }

    private Task StartAsync(RolloutView r) => RunAsync(actor => Rollouts.StartAsync(r.Id, actor), $"Rollout of '{r.AliasName}' started.");

    private async Task AdvanceAsync(RolloutView r)
    {
        if (r.IsLastStep && !await ConfirmAsync("Promote", $"This is the last step: advancing puts {r.ToDeploymentName} in the place of {r.FromDeploymentName} in '{r.AliasName}' for good. Continue?", "Promote", Color.Success))
        {
            return;
        }

        await RunAsync(async actor => await Rollouts.AdvanceAsync(r.Id, actor, await Figures.NoteAsync(r.Id, "Advanced by hand.", _refresh.Stopping)), $"Rollout of '{r.AliasName}' advanced.");
    }

    private Task PauseAsync(RolloutView r) => RunAsync(async actor => await Rollouts.PauseAsync(r.Id, actor, await Figures.NoteAsync(r.Id, "Paused by hand.", _refresh.Stopping)), $"Rollout of '{r.AliasName}' paused.");

    private Task ResumeAsync(RolloutView r) => RunAsync(async actor => await Rollouts.ResumeAsync(r.Id, actor, await Figures.NoteAsync(r.Id, "Resumed.", _refresh.Stopping)), $"Rollout of '{r.AliasName}' resumed.");

    private async Task RollBackAsync(RolloutView r)
    {
        if (await ConfirmAsync("Roll back", $"Send all of '{r.AliasName}' back to {r.FromDeploymentName} and end this rollout? It cannot be resumed.", "Roll back", Color.Error))
        {
            await RunAsync(async actor => await Rollouts.RollBackAsync(r.Id, actor, await Figures.NoteAsync(r.Id, "Rolled back by hand.", _refresh.Stopping)), $"Rollout of '{r.AliasName}' rolled back.");
        }
    }

    private async Task PromoteAsync(RolloutView r)
    {
        if (await ConfirmAsync("Promote", $"Put {r.ToDeploymentName} in the place of {r.FromDeploymentName} in '{r.AliasName}' now, skipping the remaining steps?", "Promote", Color.Success))
        {
            await RunAsync(async actor => await Rollouts.PromoteAsync(r.Id, actor, await Figures.NoteAsync(r.Id, "Promoted by hand.", _refresh.Stopping)), $"Rollout of '{r.AliasName}' promoted.");
        }
    }

    private async Task CancelAsync(RolloutView r)
    {
        if (await ConfirmAsync("Cancel rollout", $"Cancel the pending rollout of '{r.AliasName}'?", "Cancel rollout", Color.Error))
        {
            await RunAsync(actor => Rollouts.CancelAsync(r.Id, actor), $"Rollout of '{r.AliasName}' cancelled.");
        }
    }

    private string HoldText(RolloutView r)
    {
        if (r.State != RolloutState.Running || r.StepStartedAt is not { } started)
        {
            return ".";
        }

        var held = Clock.GetUtcNow() - started;
        var left = TimeSpan.FromSeconds(r.StepHoldSeconds) - held;
        var judged = _comparisons.TryGetValue(r.Id, out var comparison) && comparison.Judgement.Judged;
        var waits = new List<string>(2);
        if (!judged && !r.AdvanceUnjudged)
        {
            waits.Add(string.Create(CultureInfo.InvariantCulture, $"the guards' judgement (green has {comparison?.Green.Requests ?? 0} of {r.MinSamples} samples)"));
        }

        if (r.StepMinRequests is { } n && (comparison?.Green.Requests ?? 0) < n)
        {
            waits.Add(string.Create(CultureInfo.InvariantCulture, $"{n} green requests"));
        }

        var deadline = TimeSpan.FromSeconds(Math.Max(r.MaxStepSeconds, r.StepHoldSeconds)) - held;
        var pause = string.Create(CultureInfo.InvariantCulture, $" (paused for you if still short in {Math.Max(0, Math.Ceiling(deadline.TotalSeconds)):0} s)");
        if (left > TimeSpan.Zero)
        {
            return waits.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"; next step in {Math.Ceiling(left.TotalSeconds):0} s if the guards stay clean.")
                : string.Create(CultureInfo.InvariantCulture, $"; next step in {Math.Ceiling(left.TotalSeconds):0} s at the earliest, waiting for {string.Join(" and ", waits)}{pause}.");
        }

        return waits.Count == 0
            ? "; hold time done, moving on at the driver's next check."
            : $"; hold time done, waiting for {string.Join(" and ", waits)}{pause}.";
    }

    private static string StrategyLabel(RolloutStrategy strategy) => strategy == RolloutStrategy.BlueGreen ? "Blue-green" : "Canary";

    private static Color StateColor(RolloutState state) => state switch
    {
        RolloutState.Running => Color.Info,
        RolloutState.Paused => Color.Warning,
        RolloutState.Promoted => Color.Success,
        RolloutState.RolledBack => Color.Error,
        _ => Color.Default,
    };

    private static string When(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "";

    public ValueTask DisposeAsync() => _refresh.DisposeAsync();
}
