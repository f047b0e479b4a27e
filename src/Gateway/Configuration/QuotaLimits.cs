namespace AiGateway.Gateway.Configuration;

/// <summary>The limits of one quota policy, as the request path reads them. A null limit is no limit.</summary>
public sealed record QuotaLimits(
    Guid PolicyId,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    long? DailyTokenBudget,
    long? MonthlyTokenBudget,
    int? MaxTokensPerRequest);
