using System.Globalization;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// How the portal writes an amount of money, wherever it shows one: two decimals from 1 up (<c>1,234.57</c>), and
/// below 1 enough significant digits to tell amounts apart (<c>0.0042</c>, <c>0.000165</c>), because token prices
/// and costs are mostly fractions of a cent and a fixed two decimals shows them all as <c>0.00</c>. Zero is <c>0.00</c>.
/// No currency: prices are entered in the operator's currency and the portal does not know which.
/// </summary>
public static class Money
{
    /// <summary>Significant digits kept below 1: enough for per-1K prices as providers publish them.</summary>
    public const int SignificantDigits = 4;

    /// <summary>The most decimals shown; anything smaller than half the last one shows as 0.00.</summary>
    public const int MaxDecimals = 12;

    public static string Format(decimal amount)
    {
        if (Math.Abs(amount) >= 1m)
        {
            return amount.ToString("N2", CultureInfo.InvariantCulture);
        }

        if (amount == 0m)
        {
            return "0.00";
        }

        var leadingZeros = (int)Math.Floor(-Math.Log10((double)Math.Abs(amount)));
        var decimals = Math.Min(leadingZeros + SignificantDigits, MaxDecimals);
        var rounded = Math.Round(amount, decimals, MidpointRounding.AwayFromZero);
        if (Math.Abs(rounded) >= 1m)
        {
            return rounded.ToString("N2", CultureInfo.InvariantCulture);
        }

        return rounded == 0m ? "0.00" : rounded.ToString("0.00" + new string('#', Math.Max(0, decimals - 2)), CultureInfo.InvariantCulture);
    }

    /// <summary><see cref="Format(decimal)"/> for a figure that may be absent, shown as <paramref name="none"/>.</summary>
    public static string Format(decimal? amount, string none) => amount is { } value ? Format(value) : none;
}
