using System.Text;
using System.Text.Json;
using AiGateway.Gateway.Streaming;
using Microsoft.ML.Tokenizers;
using static AiGateway.Gateway.Tests.Streaming.SseSamples;

namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>
/// A stream whose backend reports no usage is counted from the text the client was given, with the tokenizer, exactly
/// as the whole text counts, however long it is and however the text is split; and the memory it holds stays bounded.
/// </summary>
public sealed class DeliveredTextTests
{
    private static readonly Tokenizer Library = TiktokenTokenizer.CreateForModel("gpt-4o");

    private const string English =
        "The parcel left the sorting centre in Lyon this morning and should reach you by Thursday. If it hasn't arrived "
        + "by Friday, reply to this message and we'll cancel the order (order 48213-CR) and refund 129.90 EUR in full; "
        + "changing the size from 42 to 43 is still possible. See https://contoso.example/returns?id=42 for details.\n\n";

    private const string Chinese =
        "您的包裹今天早上已经离开里昂的分拣中心，预计星期四送达。如果星期五之前还没有收到，请回复这条消息，"
        + "我们会取消订单并全额退款；因为仓库还没有发出替换的鞋子，所以尺码仍然可以从四十二改成四十三。\n";

    private const string Code =
        "```csharp\nfor (var i = 0; i < items.Count; i++)\n{\n    total += items[i].Price * 1.2m; // VAT\n}\n```\n"
        + "Les élèves naïfs ont dû répondre « oui » — c'est ça. Привет, как дела? 😀👍🏽 x²+y²=z², ½ ⅓. ";

    [Theory]
    [InlineData(English)]
    [InlineData(Chinese)]
    [InlineData(Code)]
    public void LastBoundary_AnyPrefix_CuttingThereCountsAsTheWhole(string text)
    {
        var counter = TokenCounter();
        for (var end = 1; end <= text.Length; end++)
        {
            var prefix = text[..end];
            var cut = DeliveredText.LastBoundary(prefix);
            if (cut == 0)
            {
                continue;
            }

            Assert.Equal(counter(text), counter(text[..cut]) + counter(text[cut..]));
        }
    }

    [Theory]
    [InlineData(English, 1)]
    [InlineData(English, 4)]
    [InlineData(Chinese, 1)]
    [InlineData(Chinese, 2)]
    [InlineData(Code, 3)]
    public async Task CountDeliveredCompletionTokens_NoUsageChunk_CountsTheWholeTextExactly(string text, int piece)
    {
        var observer = new ResponseObserver(TimeProvider.System);

        await ReadAsync(observer, [.. Frames(text, piece), DoneFrame]);

        Assert.Equal(Library.CountTokens(text), observer.CountDeliveredCompletionTokens());
        Assert.Equal(0, observer.Text.HeldChars);
    }

    [Theory]
    [InlineData(English, 3)]
    [InlineData(Chinese, 2)]
    [InlineData(Code, 5)]
    public async Task CountDeliveredCompletionTokens_AnswerFarLongerThanTheBuffer_ExactWithBoundedMemory(string sample, int piece)
    {
        var text = string.Concat(Enumerable.Repeat(sample, (8 * DeliveredText.MaxChars / sample.Length) + 1));
        var observer = new ResponseObserver(TimeProvider.System);
        var held = 0;

        await ReadAsync(observer, () => held = Math.Max(held, observer.Text.HeldChars), [.. Frames(text, piece), DoneFrame]);

        Assert.Equal(Library.CountTokens(text), observer.CountDeliveredCompletionTokens());
        Assert.InRange(held, 1, DeliveredText.MaxChars);
    }

    [Fact]
    public async Task CountDeliveredCompletionTokens_TextWithoutABoundaryLongerThanTheBuffer_OffByAFewTokensAtMost()
    {
        var text = string.Concat(Enumerable.Range(0, 3 * DeliveredText.MaxChars).Select(i => (char)('a' + (i * 7 % 26))));
        var observer = new ResponseObserver(TimeProvider.System);

        await ReadAsync(observer, [.. Frames(text, 4), DoneFrame]);

        // Cut where the buffer filled, twice or three times, each cut costing a token or so.
        Assert.InRange(observer.CountDeliveredCompletionTokens() - Library.CountTokens(text), -4, 4);
    }

    [Fact]
    public async Task CountDeliveredCompletionTokens_OneDeltaLargerThanTheBuffer_CountedOnItsOwn()
    {
        var huge = string.Concat(Enumerable.Repeat("word ", (DeliveredText.MaxChars / 5) + 10));
        var observer = new ResponseObserver(TimeProvider.System);

        await ReadAsync(observer, Frame(0, "Hello"), Frame(0, " " + huge), DoneFrame);

        Assert.InRange(observer.CountDeliveredCompletionTokens() - Library.CountTokens("Hello " + huge), -1, 1);
    }

    [Fact]
    public async Task CountDeliveredCompletionTokens_TwoChoicesInterleaved_EachCountedAsItsOwnText()
    {
        const string First = "The quick brown fox jumps over the lazy dog.";
        const string Second = "Pack my box with five dozen liquor jugs!";
        var frames = new List<string>();
        for (var i = 0; i < Math.Max(First.Length, Second.Length); i += 3)
        {
            frames.Add(Frame(0, i < First.Length ? First.Substring(i, Math.Min(3, First.Length - i)) : ""));
            frames.Add(Frame(1, i < Second.Length ? Second.Substring(i, Math.Min(3, Second.Length - i)) : ""));
        }

        var observer = new ResponseObserver(TimeProvider.System);

        await ReadAsync(observer, [.. frames, DoneFrame]);

        Assert.Equal(Library.CountTokens(First) + Library.CountTokens(Second), observer.CountDeliveredCompletionTokens());
    }

    [Fact]
    public async Task CountDeliveredCompletionTokens_CompletionsAndResponsesText_Counted()
    {
        var completions = new ResponseObserver(TimeProvider.System);
        var responses = new ResponseObserver(TimeProvider.System);

        await ReadAsync(completions, "data: {\"choices\":[{\"text\":\"Once upon\",\"index\":0}]}\n\n", "data: {\"choices\":[{\"text\":\" a time\",\"index\":0}]}\n\n", DoneFrame);
        await ReadAsync(
            responses,
            ResponsesEvent("response.output_text.delta", """{"delta":"Hello","type":"response.output_text.delta"}"""),
            ResponsesEvent("response.output_text.delta", """{"type":"response.output_text.delta","delta":" world"}"""),
            ResponsesEvent("response.function_call_arguments.delta", """{"type":"response.function_call_arguments.delta","delta":"not text"}"""),
            ResponsesEvent("response.completed", """{"type":"response.completed","response":{"usage":null}}"""));

        Assert.Equal(Library.CountTokens("Once upon a time"), completions.CountDeliveredCompletionTokens());
        Assert.Equal(Library.CountTokens("Hello world"), responses.CountDeliveredCompletionTokens());
    }

    [Fact]
    public async Task CountDeliveredCompletionTokens_FrameNotWholeJson_NotCounted()
    {
        var observer = new ResponseObserver(TimeProvider.System);
        var broken = "data: {\"choices\":[{\"delta\":{\"content\":\" never\"},\"index\":0}],\"usage\":\n\n";

        await ReadAsync(observer, Frame(0, "Hello"), broken, Frame(0, " world"), DoneFrame);

        Assert.Equal(Library.CountTokens("Hello world"), observer.CountDeliveredCompletionTokens());
    }

    [Fact]
    public async Task CountDeliveredCompletionTokens_StreamCut_CountsOnlyWhatReachedTheReader()
    {
        var observer = new ResponseObserver(TimeProvider.System);
        var partial = Frame(0, " lost")[..^2];
        var sse = new SseResponseStream(ScriptedStream.Of(ScriptStep.Data(Frame(0, "Hello") + Frame(0, " there") + partial)), observer, removeUsageChunk: false);

        await StreamReads.ReadAllAsync(sse);

        Assert.True(observer.Cut);
        Assert.Equal(Library.CountTokens("Hello there"), observer.CountDeliveredCompletionTokens());
    }

    [Fact]
    public async Task ReadAsync_UsageChunkArrives_TextIsGivenBackUncounted()
    {
        var observer = new ResponseObserver(TimeProvider.System);

        await ReadAsync(observer, ChatFrames);

        Assert.Equal(new TokenUsage(12, 5, 17), observer.Usage);
        Assert.False(observer.Text.IsCollecting);
        Assert.Equal(0, observer.Text.HeldChars);
        Assert.Equal(PiecesChars, observer.DeliveredContentChars);
    }

    private static Func<string, int> TokenCounter() => text => Library.CountTokens(text);

    private static string Frame(int index, string piece) =>
        "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":" + JsonSerializer.Serialize(piece)
        + "},\"finish_reason\":null,\"index\":" + index + "}],\"usage\":null}\n\n";

    private static string[] Frames(string text, int piece)
    {
        var frames = new List<string> { RoleFrame };
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(piece, text.Length - start);
            // A backend sends whole characters: never half a surrogate pair.
            if (char.IsHighSurrogate(text[start + length - 1]) && start + length < text.Length)
            {
                length++;
            }

            frames.Add(Frame(0, text.Substring(start, length)));
            start += length;
        }

        return [.. frames];
    }

    private static Task ReadAsync(ResponseObserver observer, params string[] frames) => ReadAsync(observer, null, frames);

    /// <summary>Reads the frames through the gateway's SSE stream, in inner reads of 997 bytes, as YARP would.</summary>
    private static async Task ReadAsync(ResponseObserver observer, Action? afterEachRead, params string[] frames)
    {
        var sse = new SseResponseStream(ScriptedStream.Chunked(Encoding.UTF8.GetBytes(string.Concat(frames)), 997), observer, removeUsageChunk: true);
        var buffer = new byte[4096];
        while (await sse.ReadAsync(buffer, TestContext.Current.CancellationToken) > 0)
        {
            afterEachRead?.Invoke();
        }

        await sse.DisposeAsync();
    }
}
