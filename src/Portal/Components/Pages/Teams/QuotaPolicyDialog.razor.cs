using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>Creates or edits one of a team's quota policies; closes with the saved <see cref="QuotaPolicyView"/>.</summary>
public sealed partial class QuotaPolicyDialog
{
    private static readonly string[] Fields =
        [
            "scope", "apiKeyId", "aliasId", "requestsPerMinute", "tokensPerMinute", "dailyTokenBudget", "monthlyTokenBudget", "maxTokensPerRequest",
            "dailyCostBudget", "monthlyCostBudget", "budgetAlertPercents",
        ];

    private readonly FormErrors _errors = new();
    private QuotaScope _scope = QuotaScope.Team;
    private Guid? _keyId;
    private Guid? _aliasId;
    private int? _requestsPerMinute;
    private int? _tokensPerMinute;
    private long? _dailyTokenBudget;
    private long? _monthlyTokenBudget;
    private int? _maxTokensPerRequest;
    private decimal? _dailyCostBudget;
    private decimal? _monthlyCostBudget;
    private string _alertPercents = QuotaPolicy.DefaultBudgetAlertPercents;
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid TeamId { get; set; }

    /// <summary>The policy to edit; null to add one.</summary>
    [Parameter]
    public QuotaPolicyView? Policy { get; set; }

    [Parameter]
    public IReadOnlyList<ApiKeyView> Keys { get; set; } = [];

    [Parameter]
    public IReadOnlyList<AliasView> Aliases { get; set; } = [];

    public static async Task<QuotaPolicyView?> ShowAsync(
        IDialogService dialogs, Guid teamId, QuotaPolicyView? policy, IReadOnlyList<ApiKeyView> keys, IReadOnlyList<AliasView> aliases)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<QuotaPolicyDialog>
        {
            { d => d.TeamId, teamId },
            { d => d.Policy, policy },
            { d => d.Keys, keys },
            { d => d.Aliases, aliases },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<QuotaPolicyDialog>("Quota policy", parameters, options);
        return await dialog.Result is { Canceled: false, Data: QuotaPolicyView saved } ? saved : null;
    }

    protected override void OnInitialized()
    {
        if (Policy is { } p)
        {
            (_scope, _keyId, _aliasId) = (p.Scope, p.ApiKeyId, p.AliasId);
            (_requestsPerMinute, _tokensPerMinute, _dailyTokenBudget, _monthlyTokenBudget, _maxTokensPerRequest) =
                (p.RequestsPerMinute, p.TokensPerMinute, p.DailyTokenBudget, p.MonthlyTokenBudget, p.MaxTokensPerRequest);
            (_dailyCostBudget, _monthlyCostBudget, _alertPercents) = (p.DailyCostBudget, p.MonthlyCostBudget, p.EffectiveAlertPercents);
        }
    }

    private string KeyLabel(Guid? id) => Keys.FirstOrDefault(k => k.Id == id) is { } key ? $"{key.Name} ({key.Prefix})" : "";

    private string AliasLabel(Guid? id) => Aliases.FirstOrDefault(a => a.Id == id)?.Name ?? "";

    private async Task SaveAsync()
    {
        _saving = true;
        _errors.Clear();
        try
        {
            var input = new QuotaPolicyInput
            {
                Scope = _scope,
                TeamId = TeamId,
                ApiKeyId = _scope == QuotaScope.Key ? _keyId : null,
                AliasId = _scope == QuotaScope.TeamAlias ? _aliasId : null,
                RequestsPerMinute = _requestsPerMinute,
                TokensPerMinute = _tokensPerMinute,
                DailyTokenBudget = _dailyTokenBudget,
                MonthlyTokenBudget = _monthlyTokenBudget,
                MaxTokensPerRequest = _maxTokensPerRequest,
                DailyCostBudget = _dailyCostBudget,
                MonthlyCostBudget = _monthlyCostBudget,
                BudgetAlertPercents = _alertPercents ?? "",
            };
            var saved = Policy is null
                ? await Workspace.CreateQuotaPolicyAsync(TeamId, input)
                : await Workspace.UpdateQuotaPolicyAsync(TeamId, Policy.Id, input);
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
