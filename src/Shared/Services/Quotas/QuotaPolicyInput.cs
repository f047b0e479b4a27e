using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Quotas;

/// <summary>A policy's subject and limits. A null limit is no limit.</summary>
public sealed record QuotaPolicyInput
{
    public QuotaScope Scope { get; init; } = QuotaScope.Team;
    public Guid? TeamId { get; init; }
    public Guid? ApiKeyId { get; init; }
    public Guid? AliasId { get; init; }
    public int? RequestsPerMinute { get; init; }
    public int? TokensPerMinute { get; init; }
    public long? DailyTokenBudget { get; init; }
    public long? MonthlyTokenBudget { get; init; }
    public int? MaxTokensPerRequest { get; init; }

    /// <summary>Spend allowed per UTC day, in the price tables' currency.</summary>
    public decimal? DailyCostBudget { get; init; }

    /// <summary>Spend allowed per UTC month, in the price tables' currency.</summary>
    public decimal? MonthlyCostBudget { get; init; }

    /// <summary>Notice thresholds in percent of each budget, e.g. <c>50,80,100</c>; empty for none; null for the default.</summary>
    public string? BudgetAlertPercents { get; init; }

    /// <summary>Copies the limits (not the subject) onto a policy; call once they are valid.</summary>
    public void ApplyLimitsTo(QuotaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.RequestsPerMinute = RequestsPerMinute;
        policy.TokensPerMinute = TokensPerMinute;
        policy.DailyTokenBudget = DailyTokenBudget;
        policy.MonthlyTokenBudget = MonthlyTokenBudget;
        policy.MaxTokensPerRequest = MaxTokensPerRequest;
        policy.DailyCostBudget = DailyCostBudget;
        policy.MonthlyCostBudget = MonthlyCostBudget;
        policy.BudgetAlertPercents = Budgets.BudgetAlertPercents.Normalize(BudgetAlertPercents);
    }
}
