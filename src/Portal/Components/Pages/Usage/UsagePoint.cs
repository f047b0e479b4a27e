namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>One point of the usage charts: an hour or a day, with its tokens and their cost at per-token prices.</summary>
public sealed record UsagePoint(DateTimeOffset Start, long PromptTokens, long CompletionTokens, decimal Cost);
