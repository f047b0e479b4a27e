using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>A team's members: admins and the team's owners add and remove them; members see who is on the team.</summary>
public sealed partial class TeamMembersTab : TeamComponentBase
{
    private static readonly string[] Fields = ["userId", "displayName", "role"];

    private readonly FormErrors _formErrors = new();
    private IReadOnlyList<TeamMemberView> _members = [];
    private string? _userId;
    private string? _displayName;
    private TeamRole _role = TeamRole.Member;
    private Guid _loadedTeam;

    [Parameter, EditorRequired]
    public Guid TeamId { get; set; }

    /// <summary>Shows the add and remove controls (admins and the team's owners); the server checks again on every action.</summary>
    [Parameter]
    public bool CanManage { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != TeamId)
        {
            _loadedTeam = TeamId;
            await LoadAsync();
        }
    }

    protected override async Task ReadAsync() => _members = await Workspace.ListMembersAsync(TeamId);

    private async Task AddAsync()
    {
        Busy = true;
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
            // Shown in the add form: each message under its field, the rest (already a member...) above them.
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task RemoveAsync(TeamMemberView member)
    {
        if (!await ConfirmDialog.ShowAsync(Dialogs, "Remove member", $"Remove '{member.UserId}' from the team? They lose access to its keys and usage.", "Remove"))
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Workspace.RemoveMemberAsync(TeamId, member.Id);
            return $"'{member.UserId}' removed from the team.";
        });
    }
}
