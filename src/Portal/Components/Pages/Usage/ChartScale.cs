namespace AiGateway.Portal.Components.Pages.Usage;

/// <summary>
/// Fits a usage chart's vertical axis to its data. MudBlazor's axis steps are whole numbers of the plotted unit
/// (<c>YAxisTicks</c> is an int, 20 unless set), so token costs, mostly fractions of a cent, drew on a 0-20 axis as
/// nothing at all. Values are therefore plotted multiplied by <see cref="Factor"/> (a power of 1,000, so a .NET format
/// string can divide them back for the tooltip) and the axis is labelled in real units.
/// </summary>
public sealed record ChartScale(double Factor, int Step)
{
    /// <summary>The largest value is plotted at least this high, so a whole-number step still gives a few gridlines.</summary>
    private const double MinPlottedMax = 5;

    /// <summary>About this many gridlines above zero.</summary>
    private const double Gridlines = 5;

    /// <summary>For counts (tokens): no scaling, a round step.</summary>
    public static ChartScale ForCounts(IEnumerable<double> values) => new(1, NiceStep(Max(values)));

    /// <summary>For amounts that may be fractions (money): scaled up by powers of 1,000 until the largest is plotted at 5 or more.</summary>
    public static ChartScale ForAmounts(IEnumerable<double> values)
    {
        var max = Max(values);
        var factor = 1d;
        // Bounded: a cost of 1e-12 is already below what Money shows.
        while (max > 0 && max * factor < MinPlottedMax && factor < 1e12)
        {
            factor *= 1000;
        }

        return new ChartScale(factor, NiceStep(max * factor));
    }

    public double Plot(double value) => value * Factor;

    public double Unplot(double plotted) => plotted / Factor;

    /// <summary>
    /// A format string showing a plotted value in real units, for the tooltip (which takes a format string, not a
    /// function): each comma just before the decimal point divides by 1,000. At least 2 and at most 8 decimals, close to <c>Money</c>'s rule.
    /// </summary>
    public string TooltipFormat => "#,##0" + new string(',', (int)Math.Round(Math.Log10(Factor) / 3)) + ".00######";

    private static double Max(IEnumerable<double> values) => values.DefaultIfEmpty(0).Max();

    /// <summary>A 1, 2 or 5 times a power of ten that cuts 0..max into about <see cref="Gridlines"/> steps; at least 1.</summary>
    private static int NiceStep(double max)
    {
        if (!(max > Gridlines))
        {
            return 1;
        }

        var raw = max / Gridlines;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var multiple = (raw / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        };
        return (int)Math.Min(int.MaxValue, multiple * magnitude);
    }
}
