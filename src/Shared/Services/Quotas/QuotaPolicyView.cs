using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Quotas;

public sealed record QuotaPolicyView(
    Guid Id,
    QuotaScope Scope,
    Guid TeamId,
    Guid? ApiKeyId,
    Guid? AliasId,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    long? DailyTokenBudget,
    long? MonthlyTokenBudget,
    int? MaxTokensPerRequest,
    DateTimeOffset CreatedAt,
    decimal? DailyCostBudget = null,
    decimal? MonthlyCostBudget = null,
    string? BudgetAlertPercents = null)
{
    public static QuotaPolicyView From(QuotaPolicy p) => new(
        p.Id, p.Scope, p.TeamId, p.ApiKeyId, p.AliasId, p.RequestsPerMinute, p.TokensPerMinute, p.DailyTokenBudget, p.MonthlyTokenBudget,
        p.MaxTokensPerRequest, p.CreatedAt, p.DailyCostBudget, p.MonthlyCostBudget, p.BudgetAlertPercents);

    /// <summary>The notice thresholds in force: the stored ones, or the default when none are stored.</summary>
    public string EffectiveAlertPercents => BudgetAlertPercents ?? QuotaPolicy.DefaultBudgetAlertPercents;
}
