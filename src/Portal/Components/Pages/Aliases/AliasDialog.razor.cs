using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Aliases;

public sealed partial class AliasDialog
{
    private const string NameField = "name";
    private const string DescriptionField = "description";
    private const string FirstByteTimeoutField = "firstByteTimeoutSeconds";
    private const string ReservedField = "highReservedPercent";
    private const string QueueLengthField = "maxQueueLength";
    private const string LowWaitField = "lowQueueSeconds";
    private const string NormalWaitField = "normalQueueSeconds";
    private const string TargetsField = "targets";
    private const string DeploymentIdField = "deploymentId";
    private const string WeightField = "weight";
    private const string PriorityTierField = "priorityTier";

    private readonly FormErrors _errors = new();
    private readonly HashSet<int> _missingDeployment = [];
    private AliasForm _form = new();
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AliasService Aliases { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    /// <summary>The alias to edit; null creates a new one.</summary>
    [Parameter]
    public AliasView? Alias { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<DeploymentView> Deployments { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyDictionary<Guid, BackendView> Backends { get; set; } = new Dictionary<Guid, BackendView>();

    protected override void OnInitialized() => _form = Alias is null ? new AliasForm() : AliasForm.From(Alias);

    private static string TargetField(int index, string field) => $"targets[{index}].{field}";

    private void AddTarget() => _form.Targets.Add(new AliasTargetForm());

    private void RemoveTarget(int index)
    {
        _form.Targets.RemoveAt(index);
        // Errors are keyed by row index; after a removal they would point at the wrong rows.
        _errors.Clear();
        _missingDeployment.Clear();
    }

    private string DeploymentLabel(Guid? id)
    {
        var deployment = Deployments.FirstOrDefault(d => d.Id == id);
        if (deployment is null)
        {
            return "";
        }

        var backend = Backends.GetValueOrDefault(deployment.BackendId);
        return $"{backend?.Name ?? "?"} / {deployment.Name} ({deployment.Model}{(backend is null ? "" : $", {backend.Region ?? "no region"}, {backend.Tier}")})";
    }

    private string? DeploymentError(int index) =>
        _missingDeployment.Contains(index) ? "Choose a deployment." : _errors.For(TargetField(index, DeploymentIdField));

    /// <summary>The fields this form shows an input for, target rows included; errors for others show above the form.</summary>
    private List<string> Fields()
    {
        var fields = new List<string> { NameField, DescriptionField, FirstByteTimeoutField, ReservedField, QueueLengthField, LowWaitField, NormalWaitField, TargetsField };
        for (var i = 0; i < _form.Targets.Count; i++)
        {
            fields.AddRange([TargetField(i, DeploymentIdField), TargetField(i, WeightField), TargetField(i, PriorityTierField)]);
        }

        return fields;
    }

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _errors.Clear();
        _missingDeployment.Clear();
        for (var i = 0; i < _form.Targets.Count; i++)
        {
            if (_form.Targets[i].DeploymentId is null)
            {
                // Not a rule of aliases, just an empty select: the service would only see an unknown id.
                _missingDeployment.Add(i);
            }
        }

        if (_missingDeployment.Count > 0)
        {
            return;
        }

        _saving = true;
        try
        {
            await Access.EnsureAdminAsync("Only admins can change aliases.");

            var actor = await Access.ActorAsync();
            var saved = Alias is null
                ? await Aliases.CreateAsync(_form.ToInput(), actor)
                : await Aliases.UpdateAsync(Alias.Id, _form.ToInput(), actor);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (Exception e) when (_errors.TryCapture(e, Fields()))
        {
            // Shown in the form: each message under its field or target row, the rest (a duplicate name...) above them.
        }
        finally
        {
            _saving = false;
        }
    }
}
