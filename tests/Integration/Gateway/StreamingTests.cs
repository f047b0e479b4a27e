using System.Net;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>Streams pass through the gateway as the backend sends them, never gathered first.</summary>
public sealed class StreamingTests : GatewayTestBase
{
    [Fact]
    public async Task Stream_FirstChunkReachesTheClient_WhileTheBackendStillHoldsTheRest()
    {
        // The simulator waits a second of its own (fake) clock between chunks: until the test moves that clock,
        // the backend cannot send the rest, so a buffering gateway would deliver nothing at all.
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { latency = new { perTokenMs = 1000 } });
        using var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 4);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        string? first;
        do
        {
            first = await stream.NextAsync();
        }
        while (first is not null && !first.Contains("\"content\":\"", StringComparison.Ordinal));

        Assert.NotNull(first);
        var pending = await Simulator.Clock.NextTimerAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), pending);

        Simulator.Clock.Advance(pending);
        var rest = await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
        Assert.Equal("[DONE]", rest[^1]);
        Assert.Contains(rest, d => d.Contains("\"finish_reason\":\"length\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_ClientDidNotAskForUsage_UsageChunkIsHidden()
    {
        using var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 3);

        var all = await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));

        Assert.Equal("[DONE]", all[^1]);
        Assert.DoesNotContain(all, d => d.Contains("\"prompt_tokens\"", StringComparison.Ordinal));
    }
}
