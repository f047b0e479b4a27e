namespace AiGateway.Shared.Services.Chargeback;

/// <summary>The sums of the report's lines.</summary>
public sealed record ChargebackTotals(
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long CachedPromptTokens,
    long ReasoningTokens,
    long AudioPromptTokens,
    long AudioCompletionTokens,
    decimal TokenCost,
    decimal FixedCost,
    decimal TotalCost)
{
    public static ChargebackTotals Of(IEnumerable<ChargebackTeamView> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var list = teams as IReadOnlyCollection<ChargebackTeamView> ?? [.. teams];
        return new ChargebackTotals(
            list.Sum(t => t.Requests),
            list.Sum(t => t.PromptTokens),
            list.Sum(t => t.CompletionTokens),
            list.Sum(t => t.CachedPromptTokens),
            list.Sum(t => t.ReasoningTokens),
            list.Sum(t => t.AudioPromptTokens),
            list.Sum(t => t.AudioCompletionTokens),
            list.Sum(t => t.TokenCost),
            list.Sum(t => t.FixedCost),
            list.Sum(t => t.TotalCost));
    }
}
