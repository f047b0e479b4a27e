using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>A team's quota policies (team, per key, per alias): admins create, edit and delete them; members read their limits.</summary>
public sealed partial class TeamQuotasTab
{
    private IReadOnlyList<QuotaPolicyView> _policies = [];
    private IReadOnlyList<ApiKeyView> _keys = [];
    private IReadOnlyList<AliasView> _aliases = [];
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
    public Guid TeamId { get; set; }

    /// <summary>Shows the admin controls; the server checks again on every action.</summary>
    [Parameter]
    public bool IsAdmin { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTeam != TeamId)
        {
            _loadedTeam = TeamId;
            await RunAsync(() => Task.CompletedTask);
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _policies = await Workspace.ListQuotaPoliciesAsync(TeamId);
            _keys = await Workspace.ListKeysAsync(TeamId);
            _aliases = await Workspace.ListAliasesAsync();
        }
        finally
        {
            _loading = false;
        }
    }

    private string Describe(QuotaPolicyView policy) => policy.Scope switch
    {
        QuotaScope.Key => _keys.FirstOrDefault(k => k.Id == policy.ApiKeyId) is { } key ? $"Key {key.Name} ({key.Prefix})" : "Key (removed)",
        QuotaScope.TeamAlias => $"Alias {_aliases.FirstOrDefault(a => a.Id == policy.AliasId)?.Name ?? "(removed)"}",
        _ => "The whole team",
    };

    private async Task EditAsync(QuotaPolicyView? policy)
    {
        var saved = await QuotaPolicyDialog.ShowAsync(Dialogs, TeamId, policy, _keys, _aliases);
        if (saved is not null)
        {
            Snackbar.Add(policy is null ? "Quota policy added." : "Quota policy saved.", Severity.Success);
            await RunAsync(() => Task.CompletedTask);
        }
    }

    private async Task DeleteAsync(QuotaPolicyView policy)
    {
        if (!await ConfirmDialog.ShowAsync(Dialogs, "Delete quota policy", $"Delete the policy for {Describe(policy)}? Its limits stop applying at once.", "Delete"))
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Workspace.DeleteQuotaPolicyAsync(TeamId, policy.Id);
            Snackbar.Add("Quota policy deleted.", Severity.Success);
        });
    }

    /// <summary>Runs an action, then reloads; a refusal (not allowed, not found, conflict) becomes the tab's error line.</summary>
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
            _loading = false;
        }
    }
}
