namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>
/// One point of the usage charts: an hour or a day, with its tokens and their cost at per-token prices.
/// <see cref="InFuture"/> marks a step that has not begun: it has no figures yet, rather than figures of zero.
/// </summary>
public sealed record UsagePoint(DateTimeOffset Start, long PromptTokens, long CompletionTokens, decimal Cost, bool InFuture = false);
