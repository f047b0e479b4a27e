using System.Net;
using System.Net.Http.Json;
using AiGateway.Gateway.Telemetry;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the process sends its metrics, traces and logs over OTLP/HTTP to a real
/// receiver, as it would to an OpenTelemetry Collector; scraping stays on beside it.
/// </summary>
[Collection(nameof(ExporterTests))]
public sealed class OtlpExportTests() : GatewayTestBase(Settings)
{
    private const string Prompt = "Which passes cross the Pyrenees";

    // Filled in before the gateway starts: the receiver's port is known only once it listens.
    private static readonly Dictionary<string, string?> Settings = [];
    private TelemetryReceiver _receiver = null!;

    public override async ValueTask InitializeAsync()
    {
        _receiver = await TelemetryReceiver.StartAsync();
        Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.BaseAddress.ToString();
        Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        Settings["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
        Settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        Settings["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task GatewayRequest_ExportsItsMetricsSpansAndAccessLogLine_OverOtlp_AndNeverThePrompt()
    {
        using var response = await ChatAsync(body: new
        {
            model = ChatAlias,
            messages = new[] { new { role = "user", content = Prompt } },
            max_tokens = 5,
        });
        await ReadJsonAsync(response, HttpStatusCode.OK);
        var deployment = Header(response, "x-gateway-deployment");

        // Histograms among them: an exporter built against another SDK version drops every batch holding one.
        await _receiver.WaitForAsync("metrics", GatewayMetrics.TokenUsageName);
        await _receiver.WaitForAsync("metrics", GatewayMetrics.RequestDurationName);
        await _receiver.WaitForAsync("metrics", GatewayMetrics.RequestsName);
        await _receiver.WaitForAsync("metrics", "http.server.request.duration");
        await _receiver.WaitForAsync("traces", GatewayActivities.SourceName);
        await _receiver.WaitForAsync("traces", $"chat {ChatAlias}");
        await _receiver.WaitForAsync("traces", $"attempt {deployment}");
        await _receiver.WaitForAsync("logs", AccessLog.CategoryName);
        Assert.False(_receiver.AnyCarries(Prompt), "An export carried the prompt");

        using var scrape = await Client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
    }
}
