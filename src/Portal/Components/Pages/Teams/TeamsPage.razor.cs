using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Teams;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>The teams this person may see; admins onboard, disable and delete teams here.</summary>
public sealed partial class TeamsPage : TeamComponentBase
{
    private IReadOnlyList<TeamSummary> _teams = [];
    private bool _isAdmin;

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = await Workspace.IsAdminAsync();
        await LoadAsync();
    }

    protected override async Task ReadAsync() => _teams = await Workspace.ListTeamsAsync();

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
            return $"Team '{saved.Name}' {(saved.Enabled ? "enabled" : "disabled")}.";
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
            return $"Team '{team.Name}' deleted.";
        });
    }
}
