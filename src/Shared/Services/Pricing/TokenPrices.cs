using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Pricing;

/// <summary>
/// What each token type costs per 1,000 tokens at one deployment, tier and time. A price left null charges its tokens
/// at the plain input (cached, audio input) or output (reasoning, audio output) price, as the backends bill them when
/// they have no separate rate.
/// </summary>
public sealed record TokenPrices(
    decimal InputPer1K,
    decimal OutputPer1K,
    decimal? CachedInputPer1K = null,
    decimal? ReasoningPer1K = null,
    decimal? AudioInputPer1K = null,
    decimal? AudioOutputPer1K = null)
{
    /// <summary>No price: everything is free (a deployment without a price table).</summary>
    public static TokenPrices Zero { get; } = new(0m, 0m);

    public decimal CachedInput => CachedInputPer1K ?? InputPer1K;
    public decimal Reasoning => ReasoningPer1K ?? OutputPer1K;
    public decimal AudioInput => AudioInputPer1K ?? InputPer1K;
    public decimal AudioOutput => AudioOutputPer1K ?? OutputPer1K;

    /// <summary>The highest rate per 1,000 of any token type: an upper bound for a cost estimated before the answer.</summary>
    public decimal HighestPer1K => Math.Max(Math.Max(Math.Max(InputPer1K, OutputPer1K), Math.Max(CachedInput, Reasoning)), Math.Max(AudioInput, AudioOutput));

    public static TokenPrices From(DeploymentPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new(price.InputPer1K, price.OutputPer1K, price.CachedInputPer1K, price.ReasoningPer1K, price.AudioInputPer1K, price.AudioOutputPer1K);
    }

    /// <summary>Each token type at its own price. A detail larger than its total (a backend's miscount) is not charged twice.</summary>
    public decimal CostOf(in TokenCounts tokens)
    {
        var cached = Clamp(tokens.CachedPrompt, tokens.Prompt);
        var audioIn = Clamp(tokens.AudioPrompt, tokens.Prompt - cached);
        var reasoning = Clamp(tokens.Reasoning, tokens.Completion);
        var audioOut = Clamp(tokens.AudioCompletion, tokens.Completion - reasoning);
        var sum = tokens.TextPrompt * InputPer1K
            + cached * CachedInput
            + audioIn * AudioInput
            + tokens.TextCompletion * OutputPer1K
            + reasoning * Reasoning
            + audioOut * AudioOutput;
        return sum / 1000m;
    }

    private static long Clamp(long part, long whole) => Math.Clamp(part, 0, Math.Max(0, whole));
}
