using System.Globalization;
using AiGateway.Gateway.Backends;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Backends;

/// <summary>
/// Backends with their deployments nested under them: add, edit, disable and delete both, and test a deployment's
/// connection. Admins only, checked on the server before every action.
/// </summary>
public sealed partial class BackendsPage : AdminPageBase
{
    private readonly HashSet<Guid> _collapsed = [];
    private readonly HashSet<Guid> _testing = [];
    private readonly Dictionary<Guid, ConnectionTestResult> _results = [];
    private IReadOnlyList<BackendView> _backends = [];
    private ILookup<Guid, DeploymentView> _deployments = NoDeployments();

    [Inject]
    private BackendService Backends { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private BackendConnectionTester Tester { get; set; } = default!;

    protected override string AdminOnlyMessage => "Only admins can manage backends and deployments.";

    protected override async Task LoadAsync()
    {
        _backends = await Backends.ListAsync();
        _deployments = (await Deployments.ListAsync()).ToLookup(d => d.BackendId);
    }

    protected override void ClearData()
    {
        _backends = [];
        _deployments = NoDeployments();
    }

    private static ILookup<Guid, DeploymentView> NoDeployments() => Array.Empty<DeploymentView>().ToLookup(d => d.BackendId);

    private List<DeploymentView> DeploymentsOf(Guid backendId) => _deployments[backendId].ToList();

    private void ToggleExpanded(Guid backendId)
    {
        if (!_collapsed.Remove(backendId))
        {
            _collapsed.Add(backendId);
        }
    }

    private async Task AddBackendAsync()
    {
        if (await EnsureAdminAsync())
        {
            await EditAsync<BackendDialog, BackendView>("Add backend", [], saved => $"Backend '{saved.Name}' added.");
        }
    }

    private async Task EditBackendAsync(BackendView backend)
    {
        if (await EnsureAdminAsync())
        {
            await EditAsync<BackendDialog, BackendView>(
                $"Edit backend {backend.Name}", new() { [nameof(BackendDialog.Backend)] = backend }, saved => $"Backend '{saved.Name}' saved.");
        }
    }

    private async Task SetBackendEnabledAsync(BackendView backend, bool enabled)
    {
        if (!enabled && !await ConfirmAsync("Disable backend",
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
        if (await ConfirmAsync("Delete backend", $"Delete backend '{backend.Name}'? This cannot be undone.", "Delete"))
        {
            await RunAsync(actor => Backends.DeleteAsync(backend.Id, actor), $"Backend '{backend.Name}' deleted.");
        }
    }

    private async Task AddDeploymentAsync(BackendView backend)
    {
        if (!await EnsureAdminAsync())
        {
            return;
        }

        var saved = await EditAsync<DeploymentDialog, DeploymentView>($"Add deployment to {backend.Name}", new()
        {
            [nameof(DeploymentDialog.BackendId)] = backend.Id,
            [nameof(DeploymentDialog.BackendName)] = backend.Name,
        }, added => $"Deployment '{added.Name}' added.");
        if (saved is not null)
        {
            _collapsed.Remove(backend.Id);
        }
    }

    private async Task EditDeploymentAsync(BackendView backend, DeploymentView deployment)
    {
        if (await EnsureAdminAsync())
        {
            await EditAsync<DeploymentDialog, DeploymentView>($"Edit deployment {deployment.Name}", new()
            {
                [nameof(DeploymentDialog.BackendId)] = backend.Id,
                [nameof(DeploymentDialog.BackendName)] = backend.Name,
                [nameof(DeploymentDialog.Deployment)] = deployment,
            }, saved => $"Deployment '{saved.Name}' saved.");
        }
    }

    private async Task SetDeploymentEnabledAsync(DeploymentView deployment, bool enabled)
    {
        if (!enabled && !await ConfirmAsync("Disable deployment",
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
        if (await ConfirmAsync("Delete deployment", $"Delete deployment '{deployment.Name}'? This cannot be undone.", "Delete"))
        {
            await RunAsync(actor => Deployments.DeleteAsync(deployment.Id, actor), $"Deployment '{deployment.Name}' deleted.");
        }
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

    private static string Number(int? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";
}
