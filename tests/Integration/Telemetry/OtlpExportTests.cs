using System.Net;
using System.Text;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the process sends metrics and traces over OTLP/HTTP to a real
/// receiver, under the gateway's service name; scraping stays on beside it.
/// </summary>
/// <remarks>
/// Only the wiring is checked: the first periodic metrics export and a trace export arrive. In this in-process set-up
/// later periodic exports were not seen to arrive, so the gateway's own instruments (made at the first request, after
/// the first export) are not asserted over OTLP here; they are over the scrape endpoint.
/// </remarks>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private OtlpReceiver _receiver = null!;
    private GatewayFactory _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.BaseAddress.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task MetricsAndTraces_AreExportedOverOtlp_UnderTheGatewaysServiceName()
    {
        using var client = _gateway.CreateClient();
        using var content = new StringContent("""{"model":"chat","messages":[]}""", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await _receiver.WaitForAsync("metrics", "ai-gateway");
        await _receiver.WaitForAsync("traces", "Microsoft.AspNetCore");
        using var scrape = await client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
    }
}
