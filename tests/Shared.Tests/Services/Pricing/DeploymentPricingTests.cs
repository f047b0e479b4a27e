using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Shared.Tests.Services.Pricing;

/// <summary>Which price version prices an answer: the one in force at its time, in its tier, else the default tier's.</summary>
public sealed class DeploymentPricingTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = March.AddMonths(1);

    private static readonly DeploymentPricing Pricing = DeploymentPricing.From(
    [
        // Given out of order, as the database returns them.
        Version("default", April, input: 3m),
        Version("default", March, input: 2m),
        Version("batch", April, input: 1m),
        Version("priority", April.AddDays(10), input: 9m),
    ]);

    [Fact]
    public void At_BeforeTheFirstVersion_IsZero()
    {
        Assert.Same(TokenPrices.Zero, Pricing.At(March.AddTicks(-1), null));
        Assert.Same(TokenPrices.Zero, DeploymentPricing.Empty.At(April, "batch"));
    }

    [Fact]
    public void At_VersionBoundaries_TheVersionTakesEffectAtItsExactStart()
    {
        Assert.Equal(2m, Pricing.At(March, null).InputPer1K);
        Assert.Equal(2m, Pricing.At(April.AddTicks(-1), null).InputPer1K);
        Assert.Equal(3m, Pricing.At(April, null).InputPer1K);
        Assert.Equal(3m, Pricing.At(April.AddYears(5), "default").InputPer1K);
    }

    [Fact]
    public void At_TierWithItsOwnVersion_UsesIt_FromItsStartOnly()
    {
        Assert.Equal(1m, Pricing.At(April, "batch").InputPer1K);
        // Before the batch tier's first version, a batch answer is priced at the default tier.
        Assert.Equal(2m, Pricing.At(March.AddDays(3), "batch").InputPer1K);
    }

    [Theory]
    [InlineData("flex")]
    [InlineData("auto")]
    [InlineData("scale")]
    [InlineData("something-new")]
    [InlineData(null)]
    public void At_TierWithoutPrices_FallsBackToDefault(string? tier)
    {
        Assert.Equal(3m, Pricing.At(April.AddDays(1), tier).InputPer1K);
    }

    [Fact]
    public void At_OffsetTimes_ComparedAsInstants()
    {
        var justBeforeAprilInParis = new DateTimeOffset(2026, 4, 1, 1, 59, 0, TimeSpan.FromHours(2));

        Assert.Equal(2m, Pricing.At(justBeforeAprilInParis, null).InputPer1K);
    }

    [Fact]
    public void HighestPer1KAt_TakesEveryTierInForce()
    {
        Assert.Equal(8m, Pricing.HighestPer1KAt(April));
        Assert.Equal(9m, Pricing.HighestPer1KAt(April.AddDays(10)));
        Assert.Equal(0m, Pricing.HighestPer1KAt(March.AddDays(-1)));
    }

    private static DeploymentPrice Version(string tier, DateTimeOffset from, decimal input) =>
        new() { ServiceTier = tier, EffectiveFrom = from, InputPer1K = input, OutputPer1K = 8m };
}
