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

    /// <summary>The UTC day's spend in currency, with this request's estimated cost, would pass the budget.</summary>
    DailyCostBudget,

    /// <summary>The UTC month's spend in currency, with this request's estimated cost, would pass the budget.</summary>
    MonthlyCostBudget,

    /// <summary>The team already has its most requests in flight on this replica (its <c>maxRequestsInFlight</c>).</summary>
    RequestsInFlight,
}
