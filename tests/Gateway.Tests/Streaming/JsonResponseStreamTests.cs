using System.Text;
using AiGateway.Gateway.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Streaming;

public sealed class JsonResponseStreamTests
{
    private const string ChatBody = """
        {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"finish_reason":"stop","index":0,"logprobs":null,"message":{"content":"Hello there! How can I help?","refusal":null,"role":"assistant"}}],"created":1733000000,"id":"chatcmpl-AbC123","model":"gpt-4o-2024-11-20","object":"chat.completion","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],"system_fingerprint":"fp_b705f0c291","usage":{"completion_tokens":5,"completion_tokens_details":{"accepted_prediction_tokens":0,"audio_tokens":0,"reasoning_tokens":0,"rejected_prediction_tokens":0},"prompt_tokens":12,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":17}}
        """;

    private const string EmbeddingsBody = """
        {
          "object": "list",
          "data": [{"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, 0.015797347]}],
          "model": "text-embedding-3-small",
          "usage": {"prompt_tokens": 8, "total_tokens": 8}
        }
        """;

    private const string ResponsesBody = """
        {"id":"resp_1","object":"response","created_at":1733000000,"status":"completed","error":null,"incomplete_details":null,"model":"gpt-4o","output":[{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"text":"Hello world"}],"role":"assistant"}],"usage":{"input_tokens":9,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":12}}
        """;

    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_ChatBody_PassesBytesAndRecordsUsage(int chunkSize)
    {
        var body = Encoding.UTF8.GetBytes(ChatBody);
        var (json, observer) = Create(ScriptedStream.Chunked(body, chunkSize));

        var (reads, failure) = await StreamReads.ReadAllAsync(json);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
        Assert.Equal("stop", observer.FinishReason);
        Assert.False(observer.ContentFiltered);
        Assert.True(observer.Completed);
        Assert.False(observer.Cut);
        Assert.Equal(body.Length, observer.DeliveredBytes);
    }

    [Fact]
    public async Task ReadAsync_EmbeddingsBody_RecordsPromptTokensAndZeroCompletion()
    {
        var (json, observer) = Create(ScriptedStream.Chunked(Encoding.UTF8.GetBytes(EmbeddingsBody), 32));

        await StreamReads.ReadAllAsync(json);

        Assert.Equal(new TokenUsage(8, 0, 8), observer.Usage);
        Assert.Null(observer.FinishReason);
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_ResponsesApiBody_RecordsInputAndOutputTokens()
    {
        var (json, observer) = Create(ScriptedStream.Chunked(Encoding.UTF8.GetBytes(ResponsesBody), 100));

        await StreamReads.ReadAllAsync(json);

        Assert.Equal(new TokenUsage(9, 3, 12), observer.Usage);
    }

    [Fact]
    public async Task ReadAsync_ContentFilteredBody_RecordsFilter()
    {
        var body = ChatBody.Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"content_filter\"", StringComparison.Ordinal);
        var (json, observer) = Create(ScriptedStream.Chunked(Encoding.UTF8.GetBytes(body), 100));

        await StreamReads.ReadAllAsync(json);

        Assert.Equal("content_filter", observer.FinishReason);
        Assert.True(observer.ContentFiltered);
    }

    [Fact]
    public async Task ReadAsync_BodyOverLimit_PassesThroughWithoutUsage()
    {
        var body = Encoding.UTF8.GetBytes(ChatBody);
        var (json, observer) = Create(ScriptedStream.Chunked(body, 64), maxInspectBytes: body.Length - 1);

        var (reads, failure) = await StreamReads.ReadAllAsync(json);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Null(observer.Usage);
        Assert.Null(observer.FinishReason);
    }

    [Fact]
    public async Task ReadAsync_BodyExactlyAtLimit_RecordsUsage()
    {
        var body = Encoding.UTF8.GetBytes(ChatBody);
        var (json, observer) = Create(ScriptedStream.Chunked(body, 64), maxInspectBytes: body.Length);

        await StreamReads.ReadAllAsync(json);

        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
    }

    [Theory]
    [InlineData("""{"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}""")]
    [InlineData("""{"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}} trailing""")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("")]
    public async Task ReadAsync_InvalidJson_PassesThroughWithoutUsage(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var (json, observer) = Create(ScriptedStream.Chunked(body, 16));

        var (reads, failure) = await StreamReads.ReadAllAsync(json);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Null(observer.Usage);
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_InnerThrowsAfterBytes_PropagatesAndMarksCut()
    {
        var cause = new IOException("Connection reset by peer.");
        var (json, observer) = Create(ScriptedStream.Of(ScriptStep.Data(ChatBody[..100]), ScriptStep.Fail(cause)));

        var (reads, failure) = await StreamReads.ReadAllAsync(json);

        Assert.Equal(ChatBody[..100], SseSamples.Text(reads));
        Assert.Same(cause, failure);
        Assert.True(observer.Cut);
        Assert.False(observer.Completed);
        Assert.Null(observer.Usage);
    }

    [Fact]
    public async Task ReadAsync_InnerThrowsBeforeBytes_PropagatesWithoutCut()
    {
        var cause = new IOException("Connection reset by peer.");
        var (json, observer) = Create(ScriptedStream.Of(ScriptStep.Fail(cause)));

        var (_, failure) = await StreamReads.ReadAllAsync(json);

        Assert.Same(cause, failure);
        Assert.False(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_ZeroByteRead_WaitsForInnerWithoutConsuming()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = ScriptedStream.Of(ScriptStep.Wait(gate), ScriptStep.Data(EmbeddingsBody));
        var (json, observer) = Create(inner);

        var zero = json.ReadAsync(Memory<byte>.Empty);

        Assert.False(zero.IsCompleted);
        gate.SetResult();
        Assert.Equal(0, await zero);
        Assert.False(observer.Completed);
        var (reads, _) = await StreamReads.ReadAllAsync(json);
        Assert.Equal(EmbeddingsBody, SseSamples.Text(reads));
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_FirstByte_TakesTimestampFromTimeProvider()
    {
        var (json, observer) = Create(ScriptedStream.Chunked(Encoding.UTF8.GetBytes(ChatBody), 64));
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        var expected = _time.GetTimestamp();

        Assert.Equal(64, await json.ReadAsync(new byte[4096]));
        _time.Advance(TimeSpan.FromSeconds(1));
        await StreamReads.ReadAllAsync(json);

        Assert.Equal(expected, observer.FirstByteTimestamp);
    }

    [Fact]
    public void Read_Synchronous_PassesBytesAndRecordsUsage()
    {
        var body = Encoding.UTF8.GetBytes(ChatBody);
        var (json, observer) = Create(ScriptedStream.Chunked(body, 50));

        var (reads, failure) = StreamReads.ReadAll(json);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
    }

    [Fact]
    public async Task DisposeAsync_DisposesInner()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(ChatBody));
        var (json, _) = Create(inner);
        Assert.True(await json.ReadAsync(new byte[16]) > 0);

        await json.DisposeAsync();

        Assert.True(inner.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => json.ReadAsync(new byte[16]).AsTask());
    }

    private (JsonResponseStream Stream, ResponseObserver Observer) Create(Stream inner, int maxInspectBytes = 4 << 20)
    {
        var observer = new ResponseObserver(_time);
        return (new JsonResponseStream(inner, observer, maxInspectBytes), observer);
    }
}
