using System.Net.Http;
using System.Text;
using AiGateway.Gateway.Streaming;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Streaming.SseSamples;

namespace AiGateway.Gateway.Tests.Streaming;

public sealed class SseResponseStreamTests
{
    private const string InterruptedEvent =
        "data: {\"error\":{\"message\":\"The model backend closed the stream before it finished.\",\"type\":\"server_error\",\"param\":null,\"code\":\"stream_interrupted\"}}\n\n";

    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(250)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_AnyChunking_PassesBodyUnchangedAndRecordsUsage(int chunkSize)
    {
        var body = Bytes(ChatFrames);
        var (sse, observer) = Create(ScriptedStream.Chunked(body, chunkSize), removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
        Assert.True(observer.Completed);
        Assert.False(observer.Cut);
        Assert.Equal("stop", observer.FinishReason);
        Assert.False(observer.ContentFiltered);
        Assert.Equal(PiecesChars, observer.DeliveredContentChars);
        Assert.Equal(body.Length, observer.DeliveredBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task ReadAsync_FramesSplitAcrossReads_EachReadEndsOnFrameBoundary(int chunkSize)
    {
        var (sse, _) = Create(ScriptedStream.Chunked(Bytes(ChatFrames), chunkSize), removeUsageChunk: false);

        var (reads, _) = await StreamReads.ReadAllAsync(sse);

        Assert.All(reads, r => Assert.EndsWith("\n\n", Text(r), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_FrameCompletedMidRead_ReturnsCompleteFramesOnly()
    {
        var first = ContentFrames[0];
        var second = ContentFrames[1];
        var third = ContentFrames[2];
        var half = second.Length / 2;
        var inner = ScriptedStream.Of(
            ScriptStep.Data(first + second[..half]),
            ScriptStep.Data(second[half..] + third + DoneFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal([first, second + third + DoneFrame], reads.Select(Text));
    }

    [Fact]
    public async Task ReadAsync_ManyFramesInOneRead_ReturnsThemInOneRead()
    {
        var body = Bytes(ChatFrames);
        var (sse, _) = Create(ScriptedStream.Of(ScriptStep.Data(body)), removeUsageChunk: false);

        var (reads, _) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(body, Assert.Single(reads));
    }

    [Fact]
    public async Task ReadAsync_InnerWaitsAfterFirstFrame_FirstReadReturnsThatFrameAtOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = ScriptedStream.Of(
            ScriptStep.Data(PromptFilterFrame),
            ScriptStep.Wait(gate),
            ScriptStep.Data(RoleFrame + DoneFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);
        var buffer = new byte[4096];

        var first = sse.ReadAsync(buffer.AsMemory());

        Assert.True(first.IsCompleted);
        Assert.Equal(PromptFilterFrame, Encoding.UTF8.GetString(buffer, 0, await first));

        var second = sse.ReadAsync(buffer.AsMemory());
        Assert.False(second.IsCompleted);
        gate.SetResult();
        Assert.Equal(RoleFrame + DoneFrame, Encoding.UTF8.GetString(buffer, 0, await second));
    }

    [Fact]
    public async Task ReadAsync_CrLfFrames_PassesThemWholeAndInspectsThem()
    {
        var frames = ChatFrames.Select(f => f.Replace("\n", "\r\n", StringComparison.Ordinal)).ToArray();
        var (sse, observer) = Create(ScriptedStream.Chunked(Bytes(frames), 5), removeUsageChunk: true);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(string.Concat(frames.Where(f => !f.Contains("\"usage\":{", StringComparison.Ordinal))), Text(reads));
        Assert.All(reads, r => Assert.EndsWith("\r\n\r\n", Text(r), StringComparison.Ordinal));
        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
        Assert.True(observer.Completed);
        Assert.Equal(PiecesChars, observer.DeliveredContentChars);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(400)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_RemoveUsageChunk_DropsOnlyTheUsageOnlyFrame(int chunkSize)
    {
        var (sse, observer) = Create(ScriptedStream.Chunked(Bytes(ChatFrames), chunkSize), removeUsageChunk: true);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        var expected = ChatFrames.Where(f => !ReferenceEquals(f, UsageFrame));
        Assert.Equal(string.Concat(expected), Text(reads));
        Assert.EndsWith(DoneFrame, Text(reads), StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
        Assert.True(observer.Completed);
        Assert.False(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_RemoveUsageChunk_KeepsPromptFilterFrameAndNullUsageChunks()
    {
        var frames = new[] { PromptFilterFrame, RoleFrame, ContentFrames[0], FinishFrame, DoneFrame };
        var (sse, observer) = Create(ScriptedStream.Chunked(Bytes(frames), 11), removeUsageChunk: true);

        var (reads, _) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(string.Concat(frames), Text(reads));
        Assert.Null(observer.Usage);
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_UsageOnlyFrameIsTheWholeRead_ReadWaitsForTheNextFrame()
    {
        var inner = ScriptedStream.Of(
            ScriptStep.Data(FinishFrame),
            ScriptStep.Data(UsageFrame),
            ScriptStep.Data(DoneFrame));
        var (sse, _) = Create(inner, removeUsageChunk: true);

        var (reads, _) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal([FinishFrame, DoneFrame], reads.Select(Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_InnerThrowsAfterFrames_DeliversFramesThenErrorEventThenEnds(bool httpFailure)
    {
        Exception cause = httpFailure
            ? new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.")
            : new IOException("Connection reset by peer.");
        var delivered = new[] { PromptFilterFrame, RoleFrame, ContentFrames[0], ContentFrames[1] };
        var inner = ScriptedStream.Of(ScriptStep.Data(Bytes(delivered)), ScriptStep.Fail(cause));
        var (sse, observer) = Create(inner, removeUsageChunk: true);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(string.Concat(delivered), Text(reads.Take(reads.Count - 1)));
        Assert.Equal(InterruptedEvent, Text(reads[^1]));
        Assert.Null(failure);
        Assert.True(observer.Cut);
        Assert.Same(cause, observer.CutCause);
        Assert.False(observer.Completed);
        Assert.Null(observer.Usage);
        Assert.Equal(Pieces[0].Length + Pieces[1].Length, observer.DeliveredContentChars);
    }

    [Fact]
    public async Task ReadAsync_InnerEndsWithoutDone_DeliversFramesThenErrorEventThenEnds()
    {
        string[] delivered = [PromptFilterFrame, RoleFrame, .. ContentFrames];
        var (sse, observer) = Create(ScriptedStream.Chunked(Bytes(delivered), 9), removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(string.Concat(delivered) + InterruptedEvent, Text(reads));
        Assert.Null(failure);
        Assert.True(observer.Cut);
        Assert.False(observer.Completed);
        Assert.Equal(PiecesChars, observer.DeliveredContentChars);
    }

    [Fact]
    public async Task ReadAsync_InnerEndsMidFrame_DropsThePartialFrameBeforeTheErrorEvent()
    {
        var partial = ContentFrames[2][..40];
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame + ContentFrames[0] + partial));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(RoleFrame + ContentFrames[0] + InterruptedEvent, Text(reads));
        Assert.Null(failure);
        Assert.True(observer.Cut);
        Assert.Equal(Pieces[0].Length, observer.DeliveredContentChars);
    }

    [Fact]
    public async Task ReadAsync_ReadAfterCut_StaysEnded()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);
        await StreamReads.ReadAllAsync(sse);

        Assert.Equal(0, await sse.ReadAsync(new byte[16]));
    }

    [Fact]
    public async Task ReadAsync_ReadAfterFailureBeforeAnyByte_ThrowsAgain()
    {
        var (sse, _) = Create(ScriptedStream.Of(ScriptStep.Fail(new IOException("reset"))), removeUsageChunk: false);
        await StreamReads.ReadAllAsync(sse);

        await Assert.ThrowsAsync<IOException>(() => sse.ReadAsync(new byte[16]).AsTask());
    }

    [Fact]
    public async Task ReadAsync_InnerTimesOutAfterFrames_TreatsItAsCut()
    {
        var timeout = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.");
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame), ScriptStep.Fail(timeout));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(RoleFrame + InterruptedEvent, Text(reads));
        Assert.Null(failure);
        Assert.True(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_InnerThrowsBeforeAnyByte_RethrowsTheOriginalException()
    {
        var cause = new HttpIOException(HttpRequestError.ConnectionError, "Connection refused.");
        var (sse, observer) = Create(ScriptedStream.Of(ScriptStep.Fail(cause)), removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Empty(reads);
        Assert.Same(cause, failure);
        Assert.False(observer.Cut);
        Assert.Null(observer.FirstByteTimestamp);
    }

    [Fact]
    public async Task ReadAsync_InnerThrowsWhileFirstFrameIsIncomplete_RethrowsTheOriginalException()
    {
        var cause = new IOException("Connection reset by peer.");
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame[..30]), ScriptStep.Fail(cause));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Empty(reads);
        Assert.Same(cause, failure);
        Assert.False(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_InnerEndsBeforeAnyCompleteFrame_ThrowsWithoutDeliveringOrCutting()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame[..30]));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Empty(reads);
        Assert.IsType<IOException>(failure);
        Assert.False(observer.Cut);
        Assert.False(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_InnerThrowsAfterDone_EndsCleanly()
    {
        var body = Bytes(ChatFrames);
        var inner = ScriptedStream.Of(ScriptStep.Data(body), ScriptStep.Fail(new IOException("Connection reset by peer.")));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.True(observer.Completed);
        Assert.False(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_PropagatesCancellationWithoutCut()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame), ScriptStep.Wait(gate));
        var (sse, observer) = Create(inner, removeUsageChunk: false);
        using var cancellation = new CancellationTokenSource();
        var buffer = new byte[4096];
        Assert.Equal(RoleFrame.Length, await sse.ReadAsync(buffer.AsMemory(), cancellation.Token));

        var pending = sse.ReadAsync(buffer.AsMemory(), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask());
        Assert.False(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_LastFrameWithoutBlankLine_CompletesAndPassesItThrough()
    {
        var body = RoleFrame + ContentFrames[0] + "data: [DONE]\n";
        var (sse, observer) = Create(ScriptedStream.Chunked(Encoding.UTF8.GetBytes(body), 6), removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(body, Text(reads));
        Assert.True(observer.Completed);
        Assert.False(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_ResponsesApiStream_RecordsUsageAndCompletes()
    {
        var body = Bytes(ResponsesFrames);
        var (sse, observer) = Create(ScriptedStream.Chunked(body, 10), removeUsageChunk: true);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Equal(new TokenUsage(9, 3, 12), observer.Usage);
        Assert.True(observer.Completed);
        Assert.False(observer.Cut);
        Assert.Equal("Hello world".Length, observer.DeliveredContentChars);
    }

    [Fact]
    public async Task ReadAsync_ResponsesApiStreamEndsIncomplete_CompletesWithUsage()
    {
        var frames = ResponsesFrames[..^1].Append(ResponsesEvent(
            "response.incomplete",
            """{"type":"response.incomplete","sequence_number":5,"response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":9,"output_tokens":2,"total_tokens":11}}}"""));
        var (sse, observer) = Create(ScriptedStream.Of(ScriptStep.Data(Bytes([.. frames]))), removeUsageChunk: false);

        var (_, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(new TokenUsage(9, 2, 11), observer.Usage);
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_ResponsesEventsWithoutTypeField_UsesTheEventLine()
    {
        var frames = new[]
        {
            ResponsesEvent("response.output_text.delta", """{"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}"""),
            ResponsesEvent("response.completed", """{"response":{"id":"resp_1","status":"completed","usage":{"input_tokens":4,"output_tokens":1,"total_tokens":5}}}"""),
        };
        var (sse, observer) = Create(ScriptedStream.Of(ScriptStep.Data(Bytes(frames))), removeUsageChunk: false);

        var (_, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(2, observer.DeliveredContentChars);
        Assert.Equal(new TokenUsage(4, 1, 5), observer.Usage);
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_ResponsesApiStreamCut_CountsDeliveredDeltas()
    {
        var delivered = ResponsesFrames[..3];
        var inner = ScriptedStream.Of(ScriptStep.Data(Bytes(delivered)), ScriptStep.Fail(new IOException("reset")));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal(string.Concat(delivered) + InterruptedEvent, Text(reads));
        Assert.Null(failure);
        Assert.True(observer.Cut);
        Assert.Equal("Hello".Length, observer.DeliveredContentChars);
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReadWithFrameReady_ReturnsZeroAtOnceWithoutConsuming()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame + DoneFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);
        var buffer = new byte[10];
        Assert.Equal(10, await sse.ReadAsync(buffer.AsMemory()));
        var innerReads = inner.Reads;

        var zero = sse.ReadAsync(Memory<byte>.Empty);

        Assert.True(zero.IsCompleted);
        Assert.Equal(0, await zero);
        Assert.Equal(innerReads, inner.Reads);
        var (rest, _) = await StreamReads.ReadAllAsync(sse);
        Assert.Equal(RoleFrame + DoneFrame, Encoding.UTF8.GetString(buffer) + Text(rest));
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReadWithNothingReady_CompletesWhenInnerHasData()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = ScriptedStream.Of(ScriptStep.Wait(gate), ScriptStep.Data(RoleFrame + DoneFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);

        var zero = sse.ReadAsync(Memory<byte>.Empty);

        Assert.False(zero.IsCompleted);
        gate.SetResult();
        Assert.Equal(0, await zero);
        Assert.Equal(1, inner.ZeroByteReads);
        var buffer = new byte[4096];
        Assert.Equal(RoleFrame + DoneFrame, Encoding.UTF8.GetString(buffer, 0, await sse.ReadAsync(buffer.AsMemory())));
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReadAfterEnd_ReturnsZero()
    {
        var (sse, _) = Create(ScriptedStream.Of(ScriptStep.Data(DoneFrame)), removeUsageChunk: false);
        await StreamReads.ReadAllAsync(sse);

        Assert.Equal(0, await sse.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(0, await sse.ReadAsync(new byte[16]));
    }

    [Fact]
    public async Task ReadAsync_SmallReaderBuffer_DeliversEveryByte()
    {
        var body = Bytes(ChatFrames);
        var (sse, observer) = Create(ScriptedStream.Chunked(body, 300), removeUsageChunk: false);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse, bufferSize: 7);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Equal(PiecesChars, observer.DeliveredContentChars);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_FramesOverTheLimit_PassThroughUninspected(int chunkSize)
    {
        var body = Bytes(ChatFrames);
        var (sse, observer) = Create(ScriptedStream.Chunked(body, chunkSize), removeUsageChunk: true, maxFrameBytes: 64);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Null(failure);
        Assert.Equal(body, reads.SelectMany(r => r).ToArray());
        Assert.Null(observer.Usage);
        Assert.Equal(0, observer.DeliveredContentChars);
        Assert.True(observer.Completed);
    }

    [Fact]
    public async Task ReadAsync_CutInsideOversizedFrame_EndsThatFrameBeforeTheErrorEvent()
    {
        var partial = ContentFrames[0][..100];
        var inner = ScriptedStream.Of(ScriptStep.Data("data: x\n\n" + partial));
        var (sse, observer) = Create(inner, removeUsageChunk: false, maxFrameBytes: 64);

        var (reads, failure) = await StreamReads.ReadAllAsync(sse);

        Assert.Equal("data: x\n\n" + partial + "\n\n" + InterruptedEvent, Text(reads));
        Assert.Null(failure);
        Assert.True(observer.Cut);
    }

    [Fact]
    public async Task ReadAsync_ContentFilterFinish_RecordsFinishReasonAndFilter()
    {
        var filtered = FinishFrame.Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"content_filter\"", StringComparison.Ordinal);
        var (sse, observer) = Create(ScriptedStream.Of(ScriptStep.Data(Bytes(RoleFrame, ContentFrames[0], filtered, DoneFrame))), removeUsageChunk: false);

        await StreamReads.ReadAllAsync(sse);

        Assert.Equal("content_filter", observer.FinishReason);
        Assert.True(observer.ContentFiltered);
    }

    [Fact]
    public async Task ReadAsync_EscapedAndNonAsciiContent_CountsUtf16Characters()
    {
        var escaped = ContentFrame("caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"");
        var raw = ContentFrame("naïve ☕");
        var (sse, observer) = Create(ScriptedStream.Of(ScriptStep.Data(Bytes(escaped, raw, DoneFrame))), removeUsageChunk: false);

        await StreamReads.ReadAllAsync(sse);

        Assert.Equal("café 😀 \"q\"".Length + "naïve ☕".Length, observer.DeliveredContentChars);
    }

    [Fact]
    public async Task ReadAsync_LegacyCompletionsStream_CountsChoiceText()
    {
        var frames = new[]
        {
            """data: {"id":"cmpl-1","object":"text_completion","created":1733000000,"choices":[{"text":"Once upon","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-35-turbo-instruct"}""" + "\n\n",
            """data: {"id":"cmpl-1","object":"text_completion","created":1733000000,"choices":[{"text":" a time","index":0,"logprobs":null,"finish_reason":"length"}],"model":"gpt-35-turbo-instruct"}""" + "\n\n",
            DoneFrame,
        };
        var (sse, observer) = Create(ScriptedStream.Of(ScriptStep.Data(Bytes(frames))), removeUsageChunk: false);

        await StreamReads.ReadAllAsync(sse);

        Assert.Equal("Once upon a time".Length, observer.DeliveredContentChars);
        Assert.Equal("length", observer.FinishReason);
    }

    [Fact]
    public async Task ReadAsync_FirstByte_TakesTimestampFromTimeProvider()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame), ScriptStep.Wait(gate), ScriptStep.Data(DoneFrame));
        var (sse, observer) = Create(inner, removeUsageChunk: false);
        _time.Advance(TimeSpan.FromSeconds(3));
        var expected = _time.GetTimestamp();
        Assert.Null(observer.FirstByteTimestamp);

        Assert.Equal(RoleFrame.Length, await sse.ReadAsync(new byte[4096]));
        _time.Advance(TimeSpan.FromSeconds(2));
        gate.SetResult();
        await StreamReads.ReadAllAsync(sse);

        Assert.Equal(expected, observer.FirstByteTimestamp);
    }

    [Fact]
    public void Read_Synchronous_BehavesLikeReadAsync()
    {
        var (sse, observer) = Create(ScriptedStream.Chunked(Bytes(ChatFrames), 5), removeUsageChunk: true);

        var (reads, failure) = StreamReads.ReadAll(sse);

        Assert.Null(failure);
        Assert.Equal(string.Concat(ChatFrames.Where(f => !ReferenceEquals(f, UsageFrame))), Text(reads));
        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
        Assert.True(observer.Completed);
    }

    [Fact]
    public void Read_SynchronousCut_DeliversErrorEventThenEnds()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame), ScriptStep.Fail(new IOException("reset")));
        var (sse, observer) = Create(inner, removeUsageChunk: false);

        var (reads, failure) = StreamReads.ReadAll(sse);

        Assert.Equal(RoleFrame + InterruptedEvent, Text(reads));
        Assert.Null(failure);
        Assert.True(observer.Cut);
    }

    [Fact]
    public async Task DisposeAsync_DisposesInnerAndRefusesFurtherReads()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);

        await sse.DisposeAsync();

        Assert.True(inner.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sse.ReadAsync(new byte[16]).AsTask());
    }

    [Fact]
    public void Dispose_DisposesInner()
    {
        var inner = ScriptedStream.Of(ScriptStep.Data(RoleFrame));
        var (sse, _) = Create(inner, removeUsageChunk: false);

        sse.Dispose();

        Assert.True(inner.Disposed);
        Assert.True(sse.CanRead);
        Assert.False(sse.CanSeek);
        Assert.False(sse.CanWrite);
    }

    private (SseResponseStream Stream, ResponseObserver Observer) Create(
        Stream inner, bool removeUsageChunk, int maxFrameBytes = 1 << 20)
    {
        var observer = new ResponseObserver(_time);
        return (new SseResponseStream(inner, observer, removeUsageChunk, maxFrameBytes), observer);
    }
}
