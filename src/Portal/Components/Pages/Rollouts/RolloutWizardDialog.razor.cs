using System.Globalization;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Rollouts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Rollouts;

public sealed partial class RolloutWizardDialog
{
    private const string AliasField = "aliasId";
    private const string GreenField = "toDeploymentId";
    private const string FromField = "fromDeploymentId";
    private const string AssignmentField = "assignment";
    private const string MaxStepField = "maxStepSeconds";
    private const string StepsField = "stepWeights";
    private const string HoldField = "stepHoldSeconds";
    private const string MinRequestsField = "stepMinRequests";
    private const string ShadowField = "shadowPercent";
    private const string ErrorRateField = "maxErrorRateIncrease";
    private const string ThrottleRateField = "maxThrottleRateIncrease";
    private const string ContentFilterField = "maxContentFilterRateIncrease";
    private const string LatencyField = "maxLatencyRatio";
    private const string MinSamplesField = "minSamples";

    private readonly FormErrors _errors = new();
    private readonly RolloutForm _form = new();
    private string? _localStepsError;
    private bool _missingAlias;
    private bool _missingGreen;
    private bool _saving;
    private bool _fromChosen;
    private RolloutPlan? _plan;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private RolloutService Rollouts { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<AliasView> Aliases { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<DeploymentView> Deployments { get; set; } = [];

    private IReadOnlyList<Guid> Blue =>
        Aliases.FirstOrDefault(a => a.Id == _form.AliasId)?.Targets.Where(t => t.Weight > 0).Select(t => t.DeploymentId).ToList() ?? [];

    /// <summary>Enabled deployments the alias does not already send traffic to.</summary>
    private IEnumerable<DeploymentView> GreenCandidates =>
        Deployments.Where(d => d.Enabled && !Blue.Contains(d.Id)).OrderBy(d => d.Name, StringComparer.Ordinal);

    private string? AliasError => _missingAlias ? "Choose the alias to roll out." : _errors.For(AliasField);

    private string? GreenError => _missingGreen ? "Choose the deployment to move to." : _errors.For(GreenField);

    /// <summary>The server's refusal, else the plan's reason why the person has to choose (once green is known).</summary>
    private string? FromError =>
        _errors.For(FromField) ?? (_form.FromDeploymentId is null && _form.ToDeploymentId is not null ? _plan?.FromProblem : null);

    private string MaxStepHelp => _form.MaxStepSeconds is null
        ? string.Create(CultureInfo.InvariantCulture, $"Blank: {RolloutService.DefaultMaxStep(_form.StepHoldSeconds)} s; then it waits for you")
        : "At least the hold; then the step waits for you";

    /// <summary>Warns when a step is likely to reach no client, the case where green would never be judged.</summary>
    private Severity ReachSeverity =>
        _plan is { } plan && _form.Assignment == RolloutAssignmentMode.PerClient && (_form.ParseSteps() ?? []).Any(w => w > 0 && RolloutReach.LikelyNone(w, plan.RecentClients))
            ? Severity.Warning
            : Severity.Info;

    /// <summary>Errors for the schedule as a whole and for any one step, shown under the one field.</summary>
    private string? StepsError
    {
        get
        {
            if (_localStepsError is not null)
            {
                return _localStepsError;
            }

            var messages = FieldNames().Where(f => f.StartsWith(StepsField, StringComparison.Ordinal)).Select(_errors.For).OfType<string>().ToList();
            return messages.Count == 0 ? null : string.Join(" ", messages.Distinct(StringComparer.Ordinal));
        }
    }

    private string AliasLabel(Guid? id) => Aliases.FirstOrDefault(a => a.Id == id)?.Name ?? "";

    private string DeploymentLabel(Guid? id) =>
        Deployments.FirstOrDefault(d => d.Id == id) is { } d ? $"{d.Name} ({d.Model} {d.ModelVersion})" : "";

    private static string TargetText(RolloutPlanTarget t) =>
        string.Create(CultureInfo.InvariantCulture, $"tier {t.Tier}: {t.DeploymentName} ({t.Model}), weight {t.Weight}");

    private static string ClientsText(RolloutPlan plan)
    {
        var who = plan.RecentClients switch
        {
            0 => "No client",
            1 => "1 client",
            var n => string.Create(CultureInfo.InvariantCulture, $"{n} clients"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{who} called this alias in the last {plan.ClientWindow.TotalHours:0} hours.");
    }

    private IEnumerable<string> ReachLines(RolloutPlan plan) =>
        (_form.ParseSteps() ?? []).Distinct().Select(w => RolloutReach.Describe(w, plan.RecentClients, _form.Assignment));

    private async Task AliasChanged(Guid? id)
    {
        _form.AliasId = id;
        _form.FromDeploymentId = null;
        _fromChosen = false;
        if (_form.ToDeploymentId is { } green && Blue.Contains(green))
        {
            _form.ToDeploymentId = null;
        }

        await PlanAsync();
    }

    private async Task GreenChanged(Guid? id)
    {
        _form.ToDeploymentId = id;
        await PlanAsync();
    }

    private async Task FromChanged(Guid? id)
    {
        _form.FromDeploymentId = id;
        _fromChosen = id is not null;
        await PlanAsync();
    }

    /// <summary>Asks the service what the rollout would do with the choices so far, by the rule the create request applies.</summary>
    private async Task PlanAsync()
    {
        if (_form.AliasId is not { } alias || !await Access.IsAdminAsync())
        {
            _plan = null;
            return;
        }

        try
        {
            _plan = await Rollouts.PlanAsync(alias, _form.ToDeploymentId, _fromChosen ? _form.FromDeploymentId : null);
            if (!_fromChosen)
            {
                _form.FromDeploymentId = _plan.FromDeploymentId;
            }
        }
        catch (EntityNotFoundException)
        {
            // Deleted since the dialog opened; creating says so beside the field.
            _plan = null;
        }
    }

    private static List<string> FieldNames() =>
    [
        AliasField, GreenField, FromField, AssignmentField, MaxStepField, StepsField, HoldField, MinRequestsField, ShadowField, ErrorRateField, ThrottleRateField, ContentFilterField, LatencyField, MinSamplesField,
        .. Enumerable.Range(0, RolloutService.MaxSteps + 1).Select(i => $"{StepsField}[{i}]"),
    ];

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _errors.Clear();
        _localStepsError = null;
        _missingAlias = _form.AliasId is null;
        _missingGreen = _form.ToDeploymentId is null;
        var steps = _form.ParseSteps();
        if (steps is null)
        {
            _localStepsError = "Write the steps as whole percentages separated by commas, e.g. 1, 5, 25, 50, 100.";
        }

        if (_missingAlias || _missingGreen || steps is null)
        {
            return;
        }

        _saving = true;
        try
        {
            await Access.EnsureAdminAsync("Only admins can run rollouts.");

            var created = await Rollouts.CreateAsync(_form.ToInput(steps), await Access.ActorAsync());
            Dialog.Close(DialogResult.Ok(created));
        }
        catch (Exception e) when (_errors.TryCapture(e, FieldNames()))
        {
            // Shown beside the fields.
        }
        finally
        {
            _saving = false;
        }
    }
}
