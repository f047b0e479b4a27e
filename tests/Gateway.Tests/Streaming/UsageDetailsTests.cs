using System.Text;
using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>The cached and reasoning token counts read from <c>usage</c>'s details, in both API shapes.</summary>
public sealed class UsageDetailsTests
{
    [Fact]
    public void ChatUsage_WithDetails_ReadsCachedAndReasoningTokens()
    {
        const string body = """
            {"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
                      "prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":256,"audio_tokens":0,"accepted_prediction_tokens":0}}}
            """;

        Assert.True(ResponseJson.TryRead(Encoding.UTF8.GetBytes(body), out var facts));

        Assert.Equal(new TokenUsage(2006, 300, 2306, CachedTokens: 1920, ReasoningTokens: 256), facts.Usage);
        Assert.Equal("stop", facts.FinishReason);
    }

    [Fact]
    public void ResponsesUsage_WithDetails_ReadsCachedAndReasoningTokens()
    {
        const string body = """
            {"type":"response.completed","response":{"id":"r1","status":"completed",
             "usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":32},"output_tokens":20,
                      "output_tokens_details":{"reasoning_tokens":12},"total_tokens":70}}}
            """;

        Assert.True(ResponseJson.TryRead(Encoding.UTF8.GetBytes(body), out var facts));

        Assert.Equal(new TokenUsage(50, 20, 70, CachedTokens: 32, ReasoningTokens: 12), facts.Usage);
        Assert.True(facts.TerminalEvent);
    }

    [Theory]
    [InlineData("""{"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""")]
    [InlineData("""{"usage":{"prompt_tokens":9,"prompt_tokens_details":null,"completion_tokens":3,"completion_tokens_details":{},"total_tokens":12}}""")]
    [InlineData("""{"usage":{"prompt_tokens":9,"prompt_tokens_details":{"cached_tokens":"many"},"completion_tokens":3,"total_tokens":12}}""")]
    public void UsageWithoutUsableDetails_HasNoCachedOrReasoningTokens(string body)
    {
        Assert.True(ResponseJson.TryRead(Encoding.UTF8.GetBytes(body), out var facts));

        Assert.Equal(new TokenUsage(9, 3, 12), facts.Usage);
    }
}
