namespace AiGateway.Shared.Services.Chargeback;

/// <summary>One team's charges in the period: its totals, and one line per alias and deployment it used.</summary>
public sealed record ChargebackTeamView(
    Guid TeamId,
    string? TeamName,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long CachedPromptTokens,
    long ReasoningTokens,
    long AudioPromptTokens,
    long AudioCompletionTokens,
    decimal TokenCost,
    decimal FixedCost,
    decimal TotalCost,
    IReadOnlyList<ChargebackLineView> Lines);
