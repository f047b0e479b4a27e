using System.Net;
using AiGateway.Gateway.Telemetry;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// With <c>Telemetry:AzureMonitor:ConnectionString</c> set, metrics, traces and logs go to the Application Insights
/// ingestion endpoint the connection string names: here a loopback receiver in its place, as a sovereign cloud or a
/// private link endpoint would be named.
/// </summary>
[Collection(nameof(ExporterTests))]
public sealed class AzureMonitorExportTests() : GatewayTestBase(Settings)
{
    private const string Prompt = "Which rivers flow into the Caspian Sea";

    // Filled in before the gateway starts: the receiver's port is known only once it listens.
    private static readonly Dictionary<string, string?> Settings = [];
    private TelemetryReceiver _receiver = null!;

    public override async ValueTask InitializeAsync()
    {
        _receiver = await TelemetryReceiver.StartAsync();
        Settings["Telemetry:AzureMonitor:ConnectionString"] =
            $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={_receiver.BaseAddress}";
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task GatewayRequest_ReachesAzureMonitor_AsRequestDependencyMetricAndLogItems_WithoutThePrompt()
    {
        string deployment;
        using (var response = await ChatAsync(body: new
        {
            model = ChatAlias,
            messages = new[] { new { role = "user", content = Prompt } },
            max_tokens = 5,
        }))
        {
            await ReadJsonAsync(response, HttpStatusCode.OK);
            deployment = Header(response, "x-gateway-deployment");
        }

        // A stopping host flushes what its exporters hold, as a replica being replaced would.
        await Gateway.DisposeAsync();

        await _receiver.WaitForAsync("track", "\"RequestData\"");
        await _receiver.WaitForAsync("track", $"\"attempt {deployment}\"");
        await _receiver.WaitForAsync("track", GatewayMetrics.TokenUsageName);
        await _receiver.WaitForAsync("track", GatewayMetrics.RequestsName);
        await _receiver.WaitForAsync("track", AccessLog.CategoryName);
        Assert.False(_receiver.AnyCarries(Prompt), "An export carried the prompt");
    }
}
