using System.Net;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Telemetry;

/// <summary>With <c>Telemetry:Prometheus:Enabled</c> false there is no scrape endpoint at all.</summary>
public sealed class MetricsEndpointDisabledTests() : GatewayTestBase(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "false" })
{
    [Fact]
    public async Task Metrics_IsNotFound()
    {
        using var scraper = new HttpClient { BaseAddress = Gateway.BaseAddress };

        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
