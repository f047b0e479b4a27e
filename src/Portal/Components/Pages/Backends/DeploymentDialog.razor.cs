using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Backends;

public sealed partial class DeploymentDialog
{
    private const string NameField = "name";
    private const string ModelField = "model";
    private const string ModelVersionField = "modelVersion";
    private const string TpmField = "capacityTokensPerMinute";
    private const string RpmField = "capacityRequestsPerMinute";
    private const string InputPriceField = "price.inputPer1K";
    private const string CachedInputPriceField = "price.cachedInputPer1K";
    private const string OutputPriceField = "price.outputPer1K";
    private const string MonthlyFixedCostField = "price.monthlyFixedCost";
    private static readonly string[] Fields =
        [NameField, ModelField, ModelVersionField, TpmField, RpmField, InputPriceField, CachedInputPriceField, OutputPriceField, MonthlyFixedCostField];

    private readonly FormErrors _errors = new();
    private DeploymentForm _form = new();
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid BackendId { get; set; }

    [Parameter]
    public string? BackendName { get; set; }

    /// <summary>The deployment to edit; null adds a new one to <see cref="BackendId"/>.</summary>
    [Parameter]
    public DeploymentView? Deployment { get; set; }

    protected override void OnInitialized() => _form = Deployment is null ? new DeploymentForm() : DeploymentForm.From(Deployment);

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _errors.Clear();
        _saving = true;
        try
        {
            await Access.EnsureAdminAsync("Only admins can change deployments.");

            var actor = await Access.ActorAsync();
            var saved = Deployment is null
                ? await Deployments.CreateAsync(_form.ToInput(BackendId, creating: true), actor)
                : await Deployments.UpdateAsync(Deployment.Id, _form.ToInput(BackendId), actor);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (Exception e) when (_errors.TryCapture(e, Fields))
        {
            // Shown in the form: each message under its field, the rest (a duplicate name...) above them.
        }
        finally
        {
            _saving = false;
        }
    }
}
