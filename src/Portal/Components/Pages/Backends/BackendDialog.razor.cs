using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Backends;

public sealed partial class BackendDialog
{
    private const string NameField = "name";
    private const string KindField = "kind";
    private const string BaseUrlField = "baseUrl";
    private const string RegionField = "region";
    private const string TierField = "tier";
    private const string CredentialKindField = "credentialKind";
    private const string ApiKeyField = "apiKey";
    private const string ManagedIdentityField = "managedIdentityClientId";
    private const string ApiVersionField = "apiVersion";
    private static readonly string[] Fields =
        [NameField, KindField, BaseUrlField, RegionField, TierField, CredentialKindField, ApiKeyField, ManagedIdentityField, ApiVersionField];

    private readonly FormErrors _errors = new();
    private BackendForm _form = new();
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private BackendService Backends { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    /// <summary>The backend to edit; null adds a new one.</summary>
    [Parameter]
    public BackendView? Backend { get; set; }

    protected override void OnInitialized() => _form = Backend is null ? new BackendForm() : BackendForm.From(Backend);

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _errors.Clear();
        _saving = true;
        try
        {
            await Access.EnsureAdminAsync("Only admins can change backends.");

            var actor = await Access.ActorAsync();
            var saved = Backend is null
                ? await Backends.CreateAsync(_form.ToInput(), actor)
                : await Backends.UpdateAsync(Backend.Id, _form.ToInput(), actor);
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
