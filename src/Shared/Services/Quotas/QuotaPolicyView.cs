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
    DateTimeOffset CreatedAt)
{
    public static QuotaPolicyView From(QuotaPolicy p) => new(
        p.Id, p.Scope, p.TeamId, p.ApiKeyId, p.AliasId, p.RequestsPerMinute, p.TokensPerMinute, p.DailyTokenBudget, p.MonthlyTokenBudget,
        p.MaxTokensPerRequest, p.CreatedAt);
}
