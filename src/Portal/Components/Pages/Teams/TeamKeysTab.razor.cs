using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>
/// A team's keys: issue, rotate, revoke. A new secret goes straight from the service's answer into the show-once
/// dialog; this component never keeps it.
/// </summary>
public sealed partial class TeamKeysTab : TeamComponentBase
{
    private IReadOnlyList<ApiKeyView> _keys = [];
    private IReadOnlyList<string> _aliases = [];
    private Guid _loadedTeam;
    private Guid? _aliasesOf;

    [Parameter, EditorRequired]
    public TeamView Team { get; set; } = default!;

    private int ActiveCount => _keys.Count(k => k.Status == ApiKeyStatus.Active);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != Team.Id)
        {
            _loadedTeam = Team.Id;
            await RefreshAsync();
        }
    }

    protected override async Task ReadAsync()
    {
        // The aliases a key may be scoped to change rarely: read once per team, not after every change.
        if (_aliasesOf != Team.Id)
        {
            _aliases = await Workspace.AliasesForTeamAsync(Team.Id);
            _aliasesOf = Team.Id;
        }

        _keys = await Workspace.ListKeysAsync(Team.Id);
    }

    private async Task IssueAsync()
    {
        var issued = await IssueKeyDialog.ShowAsync(Dialogs, Team, _aliases);
        if (issued is null)
        {
            return;
        }

        Snackbar.Add($"Key '{issued.Key.Name}' issued.", Severity.Success);
        await RefreshAsync();
        await ShowOnceSecretDialog.ShowAsync(Dialogs, "Your new key", issued.Secret, issued.Key.Prefix, SnippetAlias(issued.Key));
    }

    private async Task RotateAsync(ApiKeyView key)
    {
        var issued = await RotateKeyDialog.ShowAsync(Dialogs, Team.Id, key);
        if (issued is null)
        {
            return;
        }

        Snackbar.Add($"Key '{key.Name}' rotated; the old key {key.Prefix} works until the overlap ends.", Severity.Success);
        await RefreshAsync();
        await ShowOnceSecretDialog.ShowAsync(Dialogs, "The rotated key's new secret", issued.Secret, issued.Key.Prefix, SnippetAlias(issued.Key));
    }

    private async Task RevokeAsync(ApiKeyView key)
    {
        if (!await ConfirmDialog.ShowAsync(
                Dialogs, "Revoke key", $"Revoke key '{key.Name}' ({key.Prefix})? Every call with it is refused from now on; this cannot be undone.", "Revoke"))
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Workspace.RevokeKeyAsync(Team.Id, key.Id);
            return $"Key '{key.Name}' revoked.";
        });
    }

    private string SnippetAlias(ApiKeyView key) =>
        key.AllowedAliases.Count > 0 ? key.AllowedAliases[0] : _aliases.Count > 0 ? _aliases[0] : "<alias>";

    private static Color StatusColor(ApiKeyStatus status) => status switch
    {
        ApiKeyStatus.Active => Color.Success,
        ApiKeyStatus.Expired => Color.Warning,
        _ => Color.Default,
    };
}
