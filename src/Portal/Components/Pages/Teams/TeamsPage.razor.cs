using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>The teams this person may see; admins onboard, disable and delete teams here.</summary>
public sealed partial class TeamsPage
{
    private IReadOnlyList<TeamSummary> _teams = [];
    private bool _isAdmin;
    private bool _loading = true;
    private bool _busy;
    private string? _error;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = await Workspace.IsAdminAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _teams = await Workspace.ListTeamsAsync();
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task OnboardAsync()
    {
        var aliases = (await Workspace.ListAliasesAsync()).Select(a => a.Name).ToList();
        if (await TeamEditorDialog.ShowAsync(Dialogs, null, aliases) is { } team)
        {
            Snackbar.Add($"Team '{team.Name}' onboarded.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ToggleEnabledAsync(TeamView team)
    {
        if (team.Enabled && !await ConfirmDialog.ShowAsync(
                Dialogs, "Disable team", $"Disable team '{team.Name}'? Its keys stop working until the team is enabled again.", "Disable", Color.Warning))
        {
            return;
        }

        await RunAsync(async () =>
        {
            var saved = await Workspace.SetTeamEnabledAsync(team.Id, !team.Enabled);
            Snackbar.Add($"Team '{saved.Name}' {(saved.Enabled ? "enabled" : "disabled")}.", Severity.Success);
        });
    }

    private async Task DeleteAsync(TeamView team)
    {
        if (!await ConfirmDialog.ShowAsync(
                Dialogs, "Delete team", $"Delete team '{team.Name}' with its members, keys and quota policies? Its keys stop working at once. Usage history is kept.", "Delete"))
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Workspace.DeleteTeamAsync(team.Id);
            Snackbar.Add($"Team '{team.Name}' deleted.", Severity.Success);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        _error = null;
        var errors = new FormErrors();
        try
        {
            await action();
            await LoadAsync();
        }
        catch (Exception e) when (errors.TryCapture(e))
        {
            _error = errors.General;
        }
        finally
        {
            _busy = false;
        }
    }
}
