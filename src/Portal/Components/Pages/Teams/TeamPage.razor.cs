using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>One team: its keys, members, quotas and (for its owners) API tokens; controls shown as the team rules allow. Nothing of the team is shown unless the server allows this person to act for it.</summary>
public sealed partial class TeamPage
{
    private TeamView? _team;
    private bool _isAdmin;
    private TeamPermissions _permissions = TeamPermissions.None;
    private bool _editingDescription;
    private string? _description;
    private string? _descriptionError;
    private bool _loading = true;
    private string? _denied;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter]
    public Guid TeamId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _team = null;
        _denied = null;
        _permissions = TeamPermissions.None;
        _editingDescription = false;
        try
        {
            _isAdmin = await Workspace.IsAdminAsync();
            _team = await Workspace.GetTeamAsync(TeamId);
            _permissions = await Workspace.PermissionsAsync(TeamId);
        }
        catch (UnauthorizedAccessException e)
        {
            _denied = e.Message;
        }
        catch (EntityNotFoundException)
        {
            _denied = "There is no such team.";
        }
        finally
        {
            _loading = false;
        }

        _breadcrumbs = [new("Teams", "/teams"), new(_team?.Name ?? "Team", null, disabled: true)];
    }

    private void StartEditingDescription()
    {
        _description = _team?.Description;
        _descriptionError = null;
        _editingDescription = true;
    }

    /// <summary>An owner's edit: only the description; the server checks the rule again.</summary>
    private async Task SaveDescriptionAsync()
    {
        var errors = new FormErrors();
        try
        {
            _team = await Workspace.UpdateDescriptionAsync(TeamId, _description);
            _editingDescription = false;
            Snackbar.Add("Description saved.", Severity.Success);
        }
        catch (Exception e) when (errors.TryCapture(e, ["description"]))
        {
            _descriptionError = errors.For("description") ?? errors.General;
        }
    }

    private async Task EditAsync()
    {
        var aliases = (await Workspace.ListAliasesAsync()).Select(a => a.Name).ToList();
        if (await TeamEditorDialog.ShowAsync(Dialogs, _team, aliases) is { } saved)
        {
            _team = saved;
            Snackbar.Add($"Team '{saved.Name}' saved.", Severity.Success);
        }
    }
}
