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
public sealed partial class TeamKeysTab
{
    private IReadOnlyList<ApiKeyView> _keys = [];
    private IReadOnlyList<string> _aliases = [];
    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private Guid _loadedTeam;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public TeamView Team { get; set; } = default!;

    private int ActiveCount => _keys.Count(k => k.Status == ApiKeyStatus.Active);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != Team.Id)
        {
            _loadedTeam = Team.Id;
            await RunAsync(async () => _aliases = await Workspace.AliasesForTeamAsync(Team.Id), reload: true);
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _keys = await Workspace.ListKeysAsync(Team.Id);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task IssueAsync()
    {
        var issued = await IssueKeyDialog.ShowAsync(Dialogs, Team, _aliases);
        if (issued is null)
        {
            return;
        }

        Snackbar.Add($"Key '{issued.Key.Name}' issued.", Severity.Success);
        await RunAsync(LoadAsync, reload: false);
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
        await RunAsync(LoadAsync, reload: false);
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
            Snackbar.Add($"Key '{key.Name}' revoked.", Severity.Success);
        }, reload: true);
    }

    private string SnippetAlias(ApiKeyView key) =>
        key.AllowedAliases.Count > 0 ? key.AllowedAliases[0] : _aliases.Count > 0 ? _aliases[0] : "<alias>";

    private async Task RunAsync(Func<Task> action, bool reload)
    {
        _busy = true;
        _error = null;
        var errors = new FormErrors();
        try
        {
            await action();
            if (reload)
            {
                await LoadAsync();
            }
        }
        catch (Exception e) when (errors.TryCapture(e))
        {
            _error = errors.General;
        }
        finally
        {
            _busy = false;
            _loading = false;
        }
    }

    private static Color StatusColor(ApiKeyStatus status) => status switch
    {
        ApiKeyStatus.Active => Color.Success,
        ApiKeyStatus.Expired => Color.Warning,
        _ => Color.Default,
    };
}
