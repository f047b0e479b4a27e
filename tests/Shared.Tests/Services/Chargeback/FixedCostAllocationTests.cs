using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Usage;

namespace AiGateway.Shared.Tests.Services.Chargeback;

public sealed class FixedCostAllocationTests
{
    [Fact]
    public void Prorate_WholeMonth_IsTheMonthlyCost()
    {
        Assert.Equal(3000m, FixedCostAllocation.Prorate(3000m, ReportPeriod.MonthOf(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void Prorate_HalfOfFebruary_IsHalfTheMonthlyCost()
    {
        var period = new ReportPeriod(Utc(2026, 2, 1), Utc(2026, 2, 15));

        Assert.Equal(1400m, FixedCostAllocation.Prorate(2800m, period));
    }

    [Fact]
    public void Prorate_AcrossMonths_EachMonthContributesItsCoveredShare()
    {
        // 15 of November's 30 days, and 15 of December's 31.
        var period = new ReportPeriod(Utc(2026, 11, 16), Utc(2026, 12, 16));

        Assert.Equal(1550m + 1500m, FixedCostAllocation.Prorate(3100m, period));
    }

    [Fact]
    public void Prorate_ThreeFullMonths_IsThreeMonthlyCosts()
    {
        Assert.Equal(300m, FixedCostAllocation.Prorate(100m, new ReportPeriod(Utc(2026, 1, 1), Utc(2026, 4, 1))));
    }

    [Fact]
    public void Allocate_ByWeights_SplitsInProportion()
    {
        Assert.Equal([2250m, 750m], FixedCostAllocation.Allocate(3000m, [300, 100]));
    }

    [Fact]
    public void Allocate_AmountThatDoesNotDivideEvenly_PartsAddUpExactly()
    {
        var parts = FixedCostAllocation.Allocate(100m, [1, 1, 1]);

        Assert.Equal([33.33333334m, 33.33333333m, 33.33333333m], parts);
        Assert.Equal(100m, parts.Sum());
    }

    [Fact]
    public void Allocate_ManyUnevenWeights_PartsAddUpExactlyAndZeroWeightsGetNothing()
    {
        long[] weights = [7, 0, 13, 1, 999_983, 0, 3];

        var parts = FixedCostAllocation.Allocate(1234.56789m, weights);

        Assert.Equal(1234.56789m, parts.Sum());
        Assert.Equal(0m, parts[1]);
        Assert.Equal(0m, parts[5]);
        Assert.All(parts, p => Assert.True(p >= 0));
    }

    [Fact]
    public void Allocate_NoWeight_AllocatesNothing()
    {
        Assert.Equal([0m, 0m], FixedCostAllocation.Allocate(500m, [0, 0]));
    }

    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
}
