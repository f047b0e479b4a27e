using AiGateway.Gateway.Capacity;
using AiGateway.Portal.Components.Pages.Aliases;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using Bunit;

namespace AiGateway.Portal.Tests.Components.Aliases;

public sealed class CapacityQueuePanelTests : PortalComponentTestBase
{
    private static readonly AliasView Alias = new(Guid.NewGuid(), "chat", null, true, null, DateTimeOffset.UnixEpoch, [])
    {
        RoutingStrategy = RoutingStrategy.Headroom,
        HighReservedPercent = 25,
        MaxQueueLength = 40,
        LowQueueSeconds = 12.5,
        NormalQueueSeconds = 0,
    };

    [Fact]
    public void Render_Settings_SaysStrategyReserveAndWaits()
    {
        var panel = Render<CapacityQueuePanel>(p => p.Add(x => x.Alias, Alias));

        var settings = panel.Find("[data-testid='capacity-settings']").TextContent;
        Assert.Contains("Headroom", settings, StringComparison.Ordinal);
        Assert.Contains("25 %", settings, StringComparison.Ordinal);
        Assert.Contains("up to 40", settings, StringComparison.Ordinal);
        Assert.Contains("Low waits 12.5 s", settings, StringComparison.Ordinal);
        Assert.Contains("Normal waits never", settings, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid='capacity-queue']"));
    }

    [Fact]
    public void Render_Figures_OneRowPerClassWithLengthWaitsAndSheds()
    {
        IReadOnlyList<CapacityQueueFigures> figures =
        [
            new("chat", PriorityClass.Normal, 0, null, null, 0, 0),
            new("chat", PriorityClass.Low, 3, 1200, 9800, 4, 1),
        ];

        var panel = Render<CapacityQueuePanel>(p => p.Add(x => x.Alias, Alias).Add(x => x.Figures, figures));

        var low = panel.Find("[data-testid='capacity-queue-row'][data-priority='Low']").TextContent;
        Assert.Contains("1200 ms", low, StringComparison.Ordinal);
        Assert.Contains("9800 ms", low, StringComparison.Ordinal);
        Assert.Equal(2, panel.FindAll("[data-testid='capacity-queue-row']").Count);
    }
}
