using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Pages.Backends;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>Model aliases with a picture of where each one's traffic goes; create, edit, enable, disable, delete.</summary>
public sealed partial class AliasesPage
{
    private IReadOnlyList<AliasView> _aliases = [];
    private Dictionary<Guid, DeploymentView> _deployments = [];
    private Dictionary<Guid, BackendView> _backends = [];
    private bool _allowed;
    private bool _loading = true;

    [Inject]
    private AliasService Aliases { get; set; } = default!;

    [Inject]
    private DeploymentService DeploymentService { get; set; } = default!;

    [Inject]
    private BackendService BackendService { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _allowed = await Access.IsAdminAsync();
        if (_allowed)
        {
            await LoadAsync();
        }

        _loading = false;
    }

    private async Task LoadAsync()
    {
        _aliases = await Aliases.ListAsync();
        _deployments = (await DeploymentService.ListAsync()).ToDictionary(d => d.Id);
        _backends = (await BackendService.ListAsync()).ToDictionary(b => b.Id);
    }

    private async Task<bool> EnsureAdminAsync()
    {
        if (await Access.IsAdminAsync())
        {
            return true;
        }

        _allowed = false;
        _aliases = [];
        _deployments = [];
        _backends = [];
        Snackbar.Add("Only admins can manage model aliases.", Severity.Error);
        return false;
    }

    private Task AddAliasAsync() => EditAsync(null);

    private Task EditAliasAsync(AliasView alias) => EditAsync(alias);

    private async Task EditAsync(AliasView? alias)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        // The dialog offers the deployments as they are now, not as they were when the page loaded.
        await LoadAsync();
        var parameters = new DialogParameters
        {
            [nameof(AliasDialog.Alias)] = alias,
            [nameof(AliasDialog.Deployments)] = _deployments.Values.ToList(),
            [nameof(AliasDialog.Backends)] = _backends,
        };
        var dialog = await Dialogs.ShowAsync<AliasDialog>(alias is null ? "Add alias" : $"Edit alias {alias.Name}", parameters, BackendsPage.DialogOptions);
        if (await dialog.Result is { Canceled: false, Data: AliasView saved })
        {
            Snackbar.Add($"Alias '{saved.Name}' {(alias is null ? "added" : "saved")}.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetEnabledAsync(AliasView alias, bool enabled)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        if (!enabled && !await ConfirmDialog.ShowAsync(Dialogs, "Disable alias",
                $"Disable alias '{alias.Name}'? Clients calling it get an error until it is enabled again.", "Disable", Color.Warning))
        {
            return;
        }

        await RunAsync(
            async actor => await Aliases.UpdateAsync(alias.Id, AliasForm.WithEnabled(alias, enabled), actor),
            $"Alias '{alias.Name}' {(enabled ? "enabled" : "disabled")}.");
    }

    private async Task DeleteAliasAsync(AliasView alias)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        if (!await ConfirmDialog.ShowAsync(Dialogs, "Delete alias",
                $"Delete alias '{alias.Name}' and its quota policies? Clients calling it get an error. This cannot be undone.", "Delete"))
        {
            return;
        }

        await RunAsync(actor => Aliases.DeleteAsync(alias.Id, actor), $"Alias '{alias.Name}' deleted.");
    }

    private Task RunAsync(Func<string, Task> change, string success) =>
        AdminChange.RunAsync(Access, Snackbar, EnsureAdminAsync, change, success, LoadAsync);
}
