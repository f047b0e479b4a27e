using AiGateway.Portal.Components.Shared;

namespace AiGateway.Portal.Tests.Components.Shared;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0", "0.00")]
    [InlineData("1", "1.00")]
    [InlineData("2.5", "2.50")]
    [InlineData("1234.567", "1,234.57")]
    [InlineData("2000", "2,000.00")]
    [InlineData("0.999999", "1.00")]
    public void Format_OneOrMore_TwoDecimals(string amount, string expected) =>
        Assert.Equal(expected, Money.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0.0042", "0.0042")]
    [InlineData("0.000165", "0.000165")]
    [InlineData("0.00066", "0.00066")]
    [InlineData("0.25", "0.25")]
    [InlineData("0.5", "0.50")]
    [InlineData("0.1", "0.10")]
    [InlineData("0.37", "0.37")]
    [InlineData("0.123456", "0.1235")]
    [InlineData("0.0000123456", "0.00001235")]
    [InlineData("-0.0042", "-0.0042")]
    public void Format_BelowOne_KeepsFourSignificantDigits(string amount, string expected) =>
        Assert.Equal(expected, Money.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Format_FractionOfACent_IsNotShownAsZero() => Assert.NotEqual("0.00", Money.Format(0.0042m));

    [Fact]
    public void Format_BelowTheSmallestDecimalShown_IsZero() => Assert.Equal("0.00", Money.Format(0.0000000000001m));

    [Fact]
    public void Format_Absent_ShowsTheGivenText() => Assert.Equal("—", Money.Format(null, "—"));
}
