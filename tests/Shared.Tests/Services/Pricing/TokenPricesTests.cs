using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Shared.Tests.Services.Pricing;

/// <summary>Each token type at its own price: the arithmetic every usage record's cost comes from.</summary>
public sealed class TokenPricesTests
{
    private static readonly TokenPrices Full = new(
        InputPer1K: 2m, OutputPer1K: 8m, CachedInputPer1K: 0.5m, ReasoningPer1K: 10m, AudioInputPer1K: 40m, AudioOutputPer1K: 80m);

    [Fact]
    public void CostOf_PlainTokens_InputAndOutputPrices()
    {
        Assert.Equal((1_000 * 2m + 500 * 8m) / 1000m, Full.CostOf(new TokenCounts(1_000, 500)));
    }

    [Fact]
    public void CostOf_EveryTokenType_EachAtItsOwnPrice()
    {
        var tokens = new TokenCounts(Prompt: 1_000, Completion: 600, CachedPrompt: 400, Reasoning: 200, AudioPrompt: 100, AudioCompletion: 50);

        // Text in 500 at 2, cached 400 at 0.5, audio in 100 at 40; text out 350 at 8, reasoning 200 at 10, audio out 50 at 80.
        Assert.Equal((500 * 2m + 400 * 0.5m + 100 * 40m + 350 * 8m + 200 * 10m + 50 * 80m) / 1000m, Full.CostOf(tokens));
    }

    [Fact]
    public void CostOf_NoSeparatePrices_DetailsCostAsPlainInputAndOutput()
    {
        var prices = new TokenPrices(InputPer1K: 2m, OutputPer1K: 8m);
        var tokens = new TokenCounts(Prompt: 1_000, Completion: 600, CachedPrompt: 400, Reasoning: 200, AudioPrompt: 100, AudioCompletion: 50);

        Assert.Equal(prices.CostOf(new TokenCounts(1_000, 600)), prices.CostOf(tokens));
    }

    [Fact]
    public void CostOf_DetailsLargerThanTheirTotal_NeverChargedTwiceOrNegative()
    {
        var tokens = new TokenCounts(Prompt: 100, Completion: 10, CachedPrompt: 150, Reasoning: 30, AudioPrompt: 50, AudioCompletion: 5);

        // At most the whole prompt is cached and the whole completion reasoning; nothing is left for text or audio.
        Assert.Equal((100 * 0.5m + 10 * 10m) / 1000m, Full.CostOf(tokens));
    }

    [Fact]
    public void HighestPer1K_IsTheDearestTokenType()
    {
        Assert.Equal(80m, Full.HighestPer1K);
        Assert.Equal(8m, new TokenPrices(2m, 8m, CachedInputPer1K: 1m).HighestPer1K);
        Assert.Equal(0m, TokenPrices.Zero.HighestPer1K);
    }
}
