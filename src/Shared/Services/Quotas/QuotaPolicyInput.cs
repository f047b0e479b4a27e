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
}
