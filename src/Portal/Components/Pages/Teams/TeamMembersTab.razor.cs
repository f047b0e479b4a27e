using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>A team's members: admins add and remove them; members see who is on the team.</summary>
public sealed partial class TeamMembersTab
{
    private static readonly string[] Fields = ["userId", "displayName", "role"];

    private readonly FormErrors _formErrors = new();
    private IReadOnlyList<TeamMemberView> _members = [];
    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private string? _userId;
    private string? _displayName;
    private TeamRole _role = TeamRole.Member;
    private Guid _loadedTeam;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid TeamId { get; set; }

    /// <summary>Shows the admin controls; the server checks again on every action.</summary>
    [Parameter]
    public bool IsAdmin { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != TeamId)
        {
            _loadedTeam = TeamId;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var errors = new FormErrors();
        try
        {
            _members = await Workspace.ListMembersAsync(TeamId);
        }
        catch (Exception e) when (errors.TryCapture(e))
        {
            _error = errors.General;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task AddAsync()
    {
        _busy = true;
        _formErrors.Clear();
        try
        {
            var member = await Workspace.AddMemberAsync(TeamId, new TeamMemberInput { UserId = _userId, DisplayName = _displayName, Role = _role });
            Snackbar.Add($"'{member.UserId}' added to the team.", Severity.Success);
            (_userId, _displayName, _role) = (null, null, TeamRole.Member);
            await LoadAsync();
        }
        catch (Exception e) when (_formErrors.TryCapture(e, Fields))
        {
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveAsync(TeamMemberView member)
    {
        if (!await ConfirmDialog.ShowAsync(Dialogs, "Remove member", $"Remove '{member.UserId}' from the team? They lose access to its keys and usage.", "Remove"))
        {
            return;
        }

        _busy = true;
        _error = null;
        var errors = new FormErrors();
        try
        {
            await Workspace.RemoveMemberAsync(TeamId, member.Id);
            Snackbar.Add($"'{member.UserId}' removed from the team.", Severity.Success);
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
