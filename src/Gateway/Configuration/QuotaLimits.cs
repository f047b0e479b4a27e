namespace AiGateway.Gateway.Configuration;

/// <summary>The limits of one quota policy, as the request path reads them. A null limit is no limit.</summary>
public sealed record QuotaLimits(
    Guid PolicyId,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    long? DailyTokenBudget,
    long? MonthlyTokenBudget,
    int? MaxTokensPerRequest)
{
    /// <summary>Spend allowed per UTC day, in micro-units of the price tables' currency (see <see cref="Quotas.QuotaAmount"/>).</summary>
    public long? DailyCostBudgetMicros { get; init; }

    /// <summary>Spend allowed per UTC month, in micro-units of the price tables' currency.</summary>
    public long? MonthlyCostBudgetMicros { get; init; }
}
