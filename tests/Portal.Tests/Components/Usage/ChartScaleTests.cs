using AiGateway.Portal.Components.Pages.Usage;

namespace AiGateway.Portal.Tests.Components.Usage;

public sealed class ChartScaleTests
{
    [Fact]
    public void ForAmounts_FractionsOfACent_ScalesThemAboveOneWholeStep()
    {
        var scale = ChartScale.ForAmounts([0.0012, 0.0042, 0]);

        Assert.Equal(1e6, scale.Factor);
        Assert.Equal(1000, scale.Step);
        Assert.Equal(4200, scale.Plot(0.0042), 6);
        Assert.Equal(0.001, scale.Unplot(scale.Step), 12);
    }

    [Fact]
    public void ForAmounts_Dollars_StepsInRoundAmounts()
    {
        var scale = ChartScale.ForAmounts([12.5, 40]);

        Assert.Equal(1, scale.Factor);
        Assert.Equal(10, scale.Step);
    }

    [Fact]
    public void ForAmounts_Nothing_PlotsAsIs() => Assert.Equal(new ChartScale(1, 1), ChartScale.ForAmounts([]));

    [Fact]
    public void TooltipFormat_ScaledAmount_ShowsTheRealAmount()
    {
        var scale = ChartScale.ForAmounts([0.0042]);

        Assert.Equal("0.0042", scale.Plot(0.0042).ToString(scale.TooltipFormat, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(1_234, 500)]
    [InlineData(90_000, 20_000)]
    [InlineData(1_000_000, 200_000)]
    public void ForCounts_Tokens_StepsInOneTwoOrFiveTimesAPowerOfTen(double max, int step) =>
        Assert.Equal(new ChartScale(1, step), ChartScale.ForCounts([0, max]));
}
