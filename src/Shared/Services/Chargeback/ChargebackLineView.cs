using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// One team's use of one alias on one deployment in the period. <see cref="TokenCost"/> is what the requests cost at
/// the deployment's per-token prices; <see cref="FixedCost"/> is the team's share of the deployment's fixed cost, day
/// by day. Cached prompt and audio prompt tokens are part of <see cref="PromptTokens"/>, reasoning and audio completion
/// tokens part of <see cref="CompletionTokens"/>, as the backends report them. Names are null when the team or
/// deployment no longer exists.
/// </summary>
public sealed record ChargebackLineView(
    Guid TeamId,
    string? TeamName,
    string AliasName,
    Guid? DeploymentId,
    string? DeploymentName,
    string? BackendName,
    BackendTier? Tier,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long CachedPromptTokens,
    long ReasoningTokens,
    long AudioPromptTokens,
    long AudioCompletionTokens,
    decimal TokenCost,
    decimal FixedCost,
    decimal TotalCost);
