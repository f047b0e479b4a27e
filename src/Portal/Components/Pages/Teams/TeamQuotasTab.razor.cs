using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>A team's quota policies (team, per key, per alias): admins create, edit and delete them; members read their limits.</summary>
public sealed partial class TeamQuotasTab : TeamComponentBase
{
    private IReadOnlyList<QuotaPolicyView> _policies = [];
    private IReadOnlyList<ApiKeyView> _keys = [];
    private IReadOnlyList<AliasView> _aliases = [];
    private Guid _loadedTeam;

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
            await RefreshAsync();
        }
    }

    protected override async Task ReadAsync()
    {
        _policies = await Workspace.ListQuotaPoliciesAsync(TeamId);
        _keys = await Workspace.ListKeysAsync(TeamId);
        _aliases = await Workspace.ListAliasesAsync();
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
            await RefreshAsync();
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
            return "Quota policy deleted.";
        });
    }
}
