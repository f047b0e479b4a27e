namespace AiGateway.Gateway.Quotas;

/// <summary>Which limit refused a request; the names are the codes clients see.</summary>
public enum QuotaLimitKind
{
    RequestsPerMinute,
    TokensPerMinute,
    DailyTokenBudget,
    MonthlyTokenBudget,

    /// <summary>The request's estimate alone is larger than a token limit: no wait can admit it.</summary>
    RequestTooLarge,
}
