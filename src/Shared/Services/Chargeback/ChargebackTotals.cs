namespace AiGateway.Shared.Services.Chargeback;

/// <summary>The sums of the report's lines.</summary>
public sealed record ChargebackTotals(
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    decimal TokenCost,
    decimal FixedCost,
    decimal TotalCost);
