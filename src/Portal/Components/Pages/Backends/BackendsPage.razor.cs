using System.Globalization;
using AiGateway.Gateway.Backends;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Backends;

/// <summary>
/// Backends with their deployments nested under them: add, edit, disable and delete both, and test a deployment's
/// connection. Every action asks <see cref="PortalAccess"/> again on the server; the page attribute only hides it.
/// </summary>
public sealed partial class BackendsPage
{
    internal static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };

    private readonly HashSet<Guid> _collapsed = [];
    private readonly HashSet<Guid> _testing = [];
    private readonly Dictionary<Guid, ConnectionTestResult> _results = [];
    private IReadOnlyList<BackendView> _backends = [];
    private ILookup<Guid, DeploymentView> _deployments = Array.Empty<DeploymentView>().ToLookup(d => d.BackendId);
    private bool _allowed;
    private bool _loading = true;

    [Inject]
    private BackendService Backends { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private BackendConnectionTester Tester { get; set; } = default!;

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
        _backends = await Backends.ListAsync();
        _deployments = (await Deployments.ListAsync()).ToLookup(d => d.BackendId);
    }

    private List<DeploymentView> DeploymentsOf(Guid backendId) => _deployments[backendId].ToList();

    private void ToggleExpanded(Guid backendId)
    {
        if (!_collapsed.Remove(backendId))
        {
            _collapsed.Add(backendId);
        }
    }

    /// <summary>The server-side check before every action: a page rendered for an admin whose role is gone acts no more.</summary>
    private async Task<bool> EnsureAdminAsync()
    {
        if (await Access.IsAdminAsync())
        {
            return true;
        }

        _allowed = false;
        _backends = [];
        _deployments = Array.Empty<DeploymentView>().ToLookup(d => d.BackendId);
        Snackbar.Add("Only admins can manage backends and deployments.", Severity.Error);
        return false;
    }

    private async Task AddBackendAsync()
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        var saved = await ShowAsync<BackendDialog, BackendView>("Add backend", []);
        if (saved is not null)
        {
            Snackbar.Add($"Backend '{saved.Name}' added.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditBackendAsync(BackendView backend)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        var saved = await ShowAsync<BackendDialog, BackendView>($"Edit backend {backend.Name}", new() { [nameof(BackendDialog.Backend)] = backend });
        if (saved is not null)
        {
            Snackbar.Add($"Backend '{saved.Name}' saved.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetBackendEnabledAsync(BackendView backend, bool enabled)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        if (!enabled && !await ConfirmDialog.ShowAsync(Dialogs, "Disable backend",
                $"Disable backend '{backend.Name}'? None of its deployments will take traffic until it is enabled again.", "Disable", Color.Warning))
        {
            return;
        }

        await RunAsync(
            async actor => await Backends.UpdateAsync(backend.Id, BackendForm.WithEnabled(backend, enabled), actor),
            $"Backend '{backend.Name}' {(enabled ? "enabled" : "disabled")}.");
    }

    private async Task DeleteBackendAsync(BackendView backend)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        if (!await ConfirmDialog.ShowAsync(Dialogs, "Delete backend", $"Delete backend '{backend.Name}'? This cannot be undone.", "Delete"))
        {
            return;
        }

        await RunAsync(actor => Backends.DeleteAsync(backend.Id, actor), $"Backend '{backend.Name}' deleted.");
    }

    private async Task AddDeploymentAsync(BackendView backend)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        var saved = await ShowAsync<DeploymentDialog, DeploymentView>($"Add deployment to {backend.Name}", new()
        {
            [nameof(DeploymentDialog.BackendId)] = backend.Id,
            [nameof(DeploymentDialog.BackendName)] = backend.Name,
        });
        if (saved is not null)
        {
            _collapsed.Remove(backend.Id);
            Snackbar.Add($"Deployment '{saved.Name}' added.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditDeploymentAsync(BackendView backend, DeploymentView deployment)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        var saved = await ShowAsync<DeploymentDialog, DeploymentView>($"Edit deployment {deployment.Name}", new()
        {
            [nameof(DeploymentDialog.BackendId)] = backend.Id,
            [nameof(DeploymentDialog.BackendName)] = backend.Name,
            [nameof(DeploymentDialog.Deployment)] = deployment,
        });
        if (saved is not null)
        {
            Snackbar.Add($"Deployment '{saved.Name}' saved.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetDeploymentEnabledAsync(DeploymentView deployment, bool enabled)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        if (!enabled && !await ConfirmDialog.ShowAsync(Dialogs, "Disable deployment",
                $"Disable deployment '{deployment.Name}'? Aliases stop sending traffic to it until it is enabled again.", "Disable", Color.Warning))
        {
            return;
        }

        await RunAsync(
            async actor => await Deployments.UpdateAsync(deployment.Id, DeploymentForm.WithEnabled(deployment, enabled), actor),
            $"Deployment '{deployment.Name}' {(enabled ? "enabled" : "disabled")}.");
    }

    private async Task DeleteDeploymentAsync(DeploymentView deployment)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        if (!await ConfirmDialog.ShowAsync(Dialogs, "Delete deployment", $"Delete deployment '{deployment.Name}'? This cannot be undone.", "Delete"))
        {
            return;
        }

        await RunAsync(actor => Deployments.DeleteAsync(deployment.Id, actor), $"Deployment '{deployment.Name}' deleted.");
    }

    private async Task TestConnectionAsync(DeploymentView deployment)
    {
        if (!await EnsureAdminAsync() || !_testing.Add(deployment.Id))
        {
            return;
        }

        _results.Remove(deployment.Id);
        StateHasChanged();
        try
        {
            _results[deployment.Id] = await Tester.TestAsync(deployment.Id);
        }
        catch (EntityNotFoundException e)
        {
            _results[deployment.Id] = new ConnectionTestResult(false, null, TimeSpan.Zero, e.Message);
        }
        finally
        {
            _testing.Remove(deployment.Id);
        }
    }

    /// <summary>Runs one change as the signed-in admin (checked again, after any confirmation), then reloads.</summary>
    private Task RunAsync(Func<string, Task> change, string success) =>
        AdminChange.RunAsync(Access, Snackbar, EnsureAdminAsync, change, success, LoadAsync);

    private async Task<TResult?> ShowAsync<TDialog, TResult>(string title, DialogParameters parameters)
        where TDialog : IComponent
        where TResult : class
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, DialogOptions);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: TResult saved } ? saved : null;
    }

    private static string Number(int? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Price(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
