namespace AiGateway.Shared.Services.Pricing;

/// <summary>
/// The tokens one answer used, as the backend reports them: <see cref="CachedPrompt"/> and <see cref="AudioPrompt"/>
/// are parts of <see cref="Prompt"/>; <see cref="Reasoning"/> and <see cref="AudioCompletion"/> parts of
/// <see cref="Completion"/>.
/// </summary>
public readonly record struct TokenCounts(
    long Prompt,
    long Completion,
    long CachedPrompt = 0,
    long Reasoning = 0,
    long AudioPrompt = 0,
    long AudioCompletion = 0)
{
    /// <summary>Prompt tokens that are neither cached nor audio: priced at the plain input price.</summary>
    public long TextPrompt => Math.Max(0, Prompt - CachedPrompt - AudioPrompt);

    /// <summary>Completion tokens that are neither reasoning nor audio: priced at the plain output price.</summary>
    public long TextCompletion => Math.Max(0, Completion - Reasoning - AudioCompletion);
}
