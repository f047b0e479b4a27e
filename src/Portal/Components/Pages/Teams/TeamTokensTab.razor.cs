using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.TeamTokens;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>
/// A team's API tokens, for its owners and admins: issue (the secret shown once, above the table, until dismissed),
/// list and revoke. The workspace refuses every call to anyone else.
/// </summary>
public sealed partial class TeamTokensTab : TeamComponentBase
{
    /// <summary>The expiry offered: automation credentials should be rotated well within a year.</summary>
    public const int DefaultLifetimeDays = 90;

    private static readonly string[] Fields = ["name", "expiresAt", "scopes"];

    private readonly FormErrors _formErrors = new();
    private IReadOnlyList<TeamTokenView> _tokens = [];
    private IssuedTeamToken? _issued;
    private string? _name;
    private int? _expiresInDays = DefaultLifetimeDays;
    private bool _manageKeys = true;
    private bool _readUsage = true;
    private Guid _loadedTeam;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid TeamId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != TeamId)
        {
            _loadedTeam = TeamId;
            _issued = null;
            await LoadAsync();
        }
    }

    protected override async Task ReadAsync() => _tokens = await Workspace.ListTokensAsync(TeamId);

    private async Task IssueAsync()
    {
        Busy = true;
        _formErrors.Clear();
        try
        {
            List<TeamTokenScopes> scopes = [];
            if (_manageKeys)
            {
                scopes.Add(TeamTokenScopes.ManageKeys);
            }

            if (_readUsage)
            {
                scopes.Add(TeamTokenScopes.ReadUsage);
            }

            var input = new TeamTokenInput
            {
                Name = _name,
                ExpiresAt = _expiresInDays is { } days ? Clock.GetUtcNow().AddDays(days) : null,
                Scopes = scopes,
            };
            _issued = await Workspace.IssueTokenAsync(TeamId, input);
            Snackbar.Add($"Token '{_issued.Token.Name}' issued.", Severity.Success);
            _name = null;
            await LoadAsync();
        }
        catch (Exception e) when (_formErrors.TryCapture(e, Fields))
        {
            // Shown in the form: each message under its field, a refusal above them.
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task RevokeAsync(TeamTokenView token)
    {
        if (!await ConfirmDialog.ShowAsync(
                Dialogs, "Revoke token", $"Revoke token '{token.Name}' ({token.Prefix})? Automation using it is refused from now on; this cannot be undone.", "Revoke"))
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Workspace.RevokeTokenAsync(TeamId, token.Id);
            return $"Token '{token.Name}' revoked.";
        });
    }
}
