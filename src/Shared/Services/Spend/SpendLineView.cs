namespace AiGateway.Shared.Services.Spend;

/// <summary>
/// A team's spend in the month through one key or one alias: its token cost at the per-token prices, and its share of
/// fixed costs. <see cref="Id"/> is the key's or alias's id; null for use through no key (Entra ID tokens) or an alias
/// that no longer exists.
/// </summary>
public sealed record SpendLineView(Guid? Id, string Name, string? Prefix, long Requests, long Tokens, decimal TokenCost, decimal FixedCost, decimal TotalCost);
