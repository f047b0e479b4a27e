using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// What the gateway bills: a stream whose backend never reports usage is counted with the tokenizer, and chargeback
/// counts only the requests a backend served, while throttled ones stay in the throttle figures.
/// </summary>
public sealed class MeteringTests() : GatewayTestBase(new Dictionary<string, string?>
{
    // Usage is written as soon as it is recorded, so the management API can be asked at once.
    ["Metering:FlushIntervalMilliseconds"] = "0",
})
{
    private const string ScriptedAlias = "scripted";

    private const string English =
        "The parcel left the sorting centre in Lyon this morning and should reach you by Thursday. "
        + "If it has not arrived by Friday, reply to this message and we will cancel the order and refund you in full; "
        + "changing the size from 42 to 43 is still possible because the warehouse has not shipped the replacement yet.";

    private const string Chinese =
        "您的包裹今天早上已经离开里昂的分拣中心，预计星期四送达。如果星期五之前还没有收到，请回复这条消息，"
        + "我们会取消订单并全额退款；因为仓库还没有发出替换的鞋子，所以尺码仍然可以从四十二改成四十三。";

    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForModel("gpt-4o");

    [Theory]
    [InlineData(English)]
    [InlineData(Chinese)]
    public async Task Stream_BackendSendsNoUsageChunk_CompletionCountedWithTheTokenizerAndMarkedEstimated(string text)
    {
        await using var backend = await RecordingBackend.StartAsync(context => StreamWithoutUsageAsync(context, text));
        await AddAliasAsync(backend);

        var delivered = await StreamAsync();

        Assert.Equal(text, delivered);
        var database = await Gateway.StopAsync();
        await using var db = database();
        var record = Assert.Single(await db.UsageRecords.ToListAsync(Ct));
        Assert.True(record.Streamed);
        Assert.True(record.Estimated);
        Assert.Equal(O200k.CountTokens(text), record.CompletionTokens);
    }

    [Fact]
    public async Task Chargeback_RequestEveryBackendThrottled_CountsOnlyTheServedRequest_AndTheThrottleStaysVisible()
    {
        using var writes = HostCounter.UsageWritten(Gateway.Services);
        using (var served = await ChatAsync())
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 5000 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 5000 } });
        using (var throttled = await ChatAsync())
        {
            Assert.Equal("backend_capacity_exceeded", (await ErrorAsync(throttled, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
        }

        await writes.WaitForAsync(2);

        using var report = await Admin.GetAsync($"/api/admin/chargeback?teamId={TeamId}", Ct);
        var totals = (await ReadJsonAsync(report, HttpStatusCode.OK)).GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("requests").GetInt64());
        using var csv = await Admin.GetAsync($"/api/admin/chargeback?teamId={TeamId}&format=csv", Ct);
        var rows = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        using var hourly = await Admin.GetAsync($"/api/admin/usage/hourly?teamId={TeamId}", Ct);
        var hours = (await ReadJsonAsync(hourly, HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(1, hours.Sum(h => h.GetProperty("throttledCount").GetInt64()));
    }

    /// <summary>An Azure-shaped stream of <paramref name="text"/>, a few characters a chunk, with no usage chunk.</summary>
    private static async Task StreamWithoutUsageAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(Frame("{\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"},\"finish_reason\":null,\"index\":0}],\"usage\":null}"), context.RequestAborted);
        for (var i = 0; i < text.Length; i += 3)
        {
            var piece = JsonSerializer.Serialize(text.Substring(i, Math.Min(3, text.Length - i)));
            // Azure writes choices' keys alphabetically: the delta comes before the choice's index.
            await context.Response.WriteAsync(Frame("{\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":" + piece + "},\"finish_reason\":null,\"index\":0}],\"usage\":null}"), context.RequestAborted);
        }

        await context.Response.WriteAsync(Frame("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"index\":0}],\"usage\":null}"), context.RequestAborted);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static string Frame(string json) => "data: " + json + "\n\n";

    private async Task AddAliasAsync(RecordingBackend backend)
    {
        var backendId = await CreateAsync("/api/admin/backends", new
        {
            name = "scripted",
            kind = "AzureOpenAI",
            baseUrl = backend.BaseAddress.ToString(),
            region = "westeurope",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = "scripted-backend-key",
        });
        var deployment = await CreateDeploymentAsync(backendId, "scripted-chat", "gpt-4o");
        await CreateAsync("/api/admin/aliases", new { name = ScriptedAlias, targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        await Gateway.ReloadAsync();
    }

    /// <summary>Streams a chat from the scripted alias and returns the text the client received.</summary>
    private async Task<string> StreamAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ScriptedAlias, stream = true, messages = new[] { new { role = "user", content = "Where is my parcel?" } } }),
        };
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = new StringBuilder();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using var chunk = JsonDocument.Parse(line["data: ".Length..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content))
                {
                    text.Append(content.GetString());
                }
            }
        }

        return text.ToString();
    }
}
