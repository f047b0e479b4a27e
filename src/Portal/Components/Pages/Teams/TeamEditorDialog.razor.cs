using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>Onboards a team, or edits one; closes with the saved <see cref="TeamView"/>.</summary>
public sealed partial class TeamEditorDialog
{
    private static readonly string[] Fields =
        ["name", "description", "owners", "priority", "allowedRegions", "allowedAliases", "entraAppIds", "maxKeys", "maxKeyLifetimeDays", "maxRequestsInFlight"];

    private readonly FormErrors _errors = new();
    private TeamForm _form = new();
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    /// <summary>The team to edit; null to onboard a new one.</summary>
    [Parameter]
    public TeamView? Team { get; set; }

    /// <summary>The alias names to offer for the team's allowed aliases.</summary>
    [Parameter]
    public IReadOnlyList<string> Aliases { get; set; } = [];

    private bool IsNew => Team is null;

    public static async Task<TeamView?> ShowAsync(IDialogService dialogs, TeamView? team, IReadOnlyList<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<TeamEditorDialog> { { d => d.Team, team }, { d => d.Aliases, aliases } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<TeamEditorDialog>(team is null ? "Onboard a team" : "Edit team", parameters, options);
        return await dialog.Result is { Canceled: false, Data: TeamView saved } ? saved : null;
    }

    protected override void OnInitialized() => _form = Team is null ? new TeamForm() : TeamForm.From(Team);

    private async Task SaveAsync()
    {
        _saving = true;
        _errors.Clear();
        try
        {
            var input = _form.ToInput();
            var saved = Team is null ? await Workspace.CreateTeamAsync(input) : await Workspace.UpdateTeamAsync(Team.Id, input);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (Exception e) when (_errors.TryCapture(e, Fields))
        {
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
