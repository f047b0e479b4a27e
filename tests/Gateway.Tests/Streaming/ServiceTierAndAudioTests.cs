using System.Text;
using AiGateway.Gateway.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>Audio token counts and the answer's <c>service_tier</c>, read from bodies and streams as they pass.</summary>
public sealed class ServiceTierAndAudioTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ChatUsage_WithAudioDetails_ReadsAudioInAndOut()
    {
        const string body = """
            {"choices":[],"service_tier":"default",
             "usage":{"prompt_tokens":500,"completion_tokens":200,"total_tokens":700,
                      "prompt_tokens_details":{"audio_tokens":300,"cached_tokens":100},
                      "completion_tokens_details":{"audio_tokens":150,"reasoning_tokens":0}}}
            """;

        Assert.True(ResponseJson.TryRead(Encoding.UTF8.GetBytes(body), out var facts));

        Assert.Equal(new TokenUsage(500, 200, 700, CachedTokens: 100, ReasoningTokens: 0, AudioPromptTokens: 300, AudioCompletionTokens: 150), facts.Usage);
        Assert.Equal("default", facts.ServiceTier);
    }

    [Fact]
    public void ResponsesEvent_TierInsideTheResponse_IsRead()
    {
        const string body = """
            {"type":"response.completed","response":{"id":"r1","service_tier":"flex","status":"completed",
             "usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":32},"output_tokens":20,"output_tokens_details":{"reasoning_tokens":12},"total_tokens":70}}}
            """;

        Assert.True(ResponseJson.TryRead(Encoding.UTF8.GetBytes(body), out var facts));

        Assert.Equal("flex", facts.ServiceTier);
        Assert.Equal(new TokenUsage(50, 20, 70, CachedTokens: 32, ReasoningTokens: 12), facts.Usage);
    }

    [Theory]
    [InlineData("""{"service_tier":null}""", null)]
    [InlineData("""{"service_tier":7}""", null)]
    [InlineData("""{"service_tier":"scale"}""", "scale")]
    [InlineData("""{"service_tier":"a-tier-name-far-too-long-to-be-one-of-the-real-tiers"}""", null)]
    public void ServiceTier_OddValues_KeptOnlyWhenAShortString(string body, string? expected)
    {
        Assert.True(ResponseJson.TryRead(Encoding.UTF8.GetBytes(body), out var facts));

        Assert.Equal(expected, facts.ServiceTier);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(int.MaxValue)]
    public async Task SseStream_ChunksNameTheTier_ObserverHasItAndTheUsageDetails(int chunkSize)
    {
        string[] frames =
        [
            """data: {"id":"c1","object":"chat.completion.chunk","service_tier":"priority","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""" + "\n\n",
            """data: {"id":"c1","object":"chat.completion.chunk","service_tier":"priority","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n",
            """data: {"id":"c1","object":"chat.completion.chunk","service_tier":"priority","choices":[],"usage":{"prompt_tokens":40,"completion_tokens":30,"total_tokens":70,"prompt_tokens_details":{"cached_tokens":16,"audio_tokens":8},"completion_tokens_details":{"reasoning_tokens":20,"audio_tokens":4}}}""" + "\n\n",
            "data: [DONE]\n\n",
        ];
        var body = SseSamples.Bytes(frames);
        var observer = new ResponseObserver(_time);
        var sse = new SseResponseStream(ScriptedStream.Chunked(body, chunkSize), observer, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Equal("priority", observer.ServiceTier);
        Assert.Equal(new TokenUsage(40, 30, 70, CachedTokens: 16, ReasoningTokens: 20, AudioPromptTokens: 8, AudioCompletionTokens: 4), observer.Usage);
    }

    [Fact]
    public async Task JsonBody_NamesTheTier_ObserverHasIt()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"c1","choices":[{"index":0,"message":{"content":"Hi"},"finish_reason":"stop"}],"service_tier":"batch","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""");
        var observer = new ResponseObserver(_time);
        var json = new JsonResponseStream(ScriptedStream.Chunked(body, 7), observer, 4 << 20);

        var (_, failure) = await StreamReads.ReadAllAsync(json);

        Assert.Null(failure);
        Assert.Equal("batch", observer.ServiceTier);
        Assert.Equal(new TokenUsage(3, 1, 4), observer.Usage);
    }
}
