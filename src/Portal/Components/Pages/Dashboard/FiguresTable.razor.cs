using System.Globalization;
using AiGateway.Gateway.Metering;
using Microsoft.AspNetCore.Components;

namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>Live figures by alias or backend: counts over the window, rates over the last minute.</summary>
public sealed partial class FiguresTable
{
    [Parameter, EditorRequired]
    public IReadOnlyList<LiveTrafficFigures> Figures { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<LiveTrafficFigures> Rates { get; set; } = [];

    /// <summary>Prefix of the rows' <c>data-testid</c>, e.g. <c>alias</c> gives <c>alias-row</c> and <c>alias-requests</c>.</summary>
    [Parameter]
    public string TestId { get; set; } = "figures";

    [Parameter]
    public bool ShowTier { get; set; }

    private LiveTrafficFigures? RateOf(Guid id)
    {
        foreach (var rate in Rates)
        {
            if (rate.Id == id)
            {
                return rate;
            }
        }

        return null;
    }

    private static string Format(double value) =>
        value.ToString(value >= 100 || value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);
}
