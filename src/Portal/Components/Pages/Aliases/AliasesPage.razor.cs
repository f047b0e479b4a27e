using AiGateway.Gateway.Capacity;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>Model aliases with a picture of where each one's traffic goes; create, edit, enable, disable, delete.</summary>
public sealed partial class AliasesPage : AdminPageBase
{
    private IReadOnlyList<AliasView> _aliases = [];
    private Dictionary<Guid, DeploymentView> _deployments = [];
    private Dictionary<Guid, BackendView> _backends = [];
    private ILookup<string, CapacityQueueFigures> _queues = Array.Empty<CapacityQueueFigures>().ToLookup(f => f.Alias);

    /// <summary>This replica's capacity queues; absent on a replica that does not serve the gateway.</summary>
    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private AliasService Aliases { get; set; } = default!;

    [Inject]
    private DeploymentService DeploymentService { get; set; } = default!;

    [Inject]
    private BackendService BackendService { get; set; } = default!;

    protected override string AdminOnlyMessage => "Only admins can manage model aliases.";

    protected override async Task LoadAsync()
    {
        _aliases = await Aliases.ListAsync();
        _deployments = (await DeploymentService.ListAsync()).ToDictionary(d => d.Id);
        _backends = (await BackendService.ListAsync()).ToDictionary(b => b.Id);
        _queues = (Services.GetService(typeof(CapacityQueues)) as CapacityQueues)?.Figures().ToLookup(f => f.Alias, StringComparer.Ordinal)
            ?? Array.Empty<CapacityQueueFigures>().ToLookup(f => f.Alias);
    }

    private IReadOnlyList<CapacityQueueFigures> QueueFiguresOf(string alias) => [.. _queues[alias]];

    protected override void ClearData()
    {
        _aliases = [];
        _deployments = [];
        _backends = [];
        _queues = Array.Empty<CapacityQueueFigures>().ToLookup(f => f.Alias);
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
        await EditAsync<AliasDialog, AliasView>(
            alias is null ? "Add alias" : $"Edit alias {alias.Name}", parameters, saved => $"Alias '{saved.Name}' {(alias is null ? "added" : "saved")}.");
    }

    private async Task SetEnabledAsync(AliasView alias, bool enabled)
    {
        if (!enabled && !await ConfirmAsync("Disable alias",
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
        if (await ConfirmAsync("Delete alias",
                $"Delete alias '{alias.Name}' and its quota policies? Clients calling it get an error. This cannot be undone.", "Delete"))
        {
            await RunAsync(actor => Aliases.DeleteAsync(alias.Id, actor), $"Alias '{alias.Name}' deleted.");
        }
    }
}
