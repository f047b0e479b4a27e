using System.Text;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Shared.Security;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AiGateway.HotPath;

/// <summary>
/// The request path's steps that depend on the body, on the same ~1 KB chat request as the load benchmark
/// (bench/chat.lua): its last user turn carries a counter, so it is new on every call while the earlier turns repeat.
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private const string Head =
        """{"messages":[{"role":"system","content":"You are a support assistant for Contoso Retail. Answer in the customer's language, be concise and polite, never invent order details, and escalate to a human agent when the customer asks for a refund above 500 euros or mentions a safety issue with a product."},"""
        + """{"role":"user","content":"Hello, I ordered a pair of running shoes (order 48213-CR) two weeks ago and the tracking page still says the parcel is waiting at the sorting centre in Lyon. Can you tell me when it will arrive?"},"""
        + """{"role":"assistant","content":"I am sorry for the wait. Parcels held at the Lyon sorting centre are usually released within three working days. I can see your order was shipped on the 3rd; would you like me to open an enquiry with the carrier so that they prioritise it?"},"""
        + """{"role":"user","content":"Yes please, and if it does not arrive by Friday I would like to cancel the order and get my money back. Also, can I change the size from 42 to 43 if it has not left the warehouse yet? (message """;

    private const string Tail = """)"}],"max_tokens":64,"temperature":0.7,"top_p":1,"user":"checkout-web"}""";
    private const int CounterDigits = 9;

    private const string FinishChunk =
        "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{},\"finish_reason\":\"stop\",\"index\":0,\"logprobs\":null}],\"created\":1732780000,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\",\"usage\":null}\n\n";

    private byte[] _body = [];
    private int _counterAt;
    private int _counter;
    private byte[] _stream = [];
    private readonly MemoryStream _streamSource = new();
    private readonly MemoryStream _streamWithoutUsage = new();
    private readonly MemoryStream _longStreamWithoutUsage = new();
    private readonly byte[] _copyBuffer = new byte[16 * 1024];
    private ApiKeyHasher _hasher = null!;
    private string _key = "";
    private byte[] _storedHash = [];

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(Head + new string('0', CounterDigits) + Tail);
        _counterAt = Encoding.UTF8.GetByteCount(Head);
        TokenEstimator.Preload();

        var chunks = new StringBuilder();
        chunks.Append("data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n");
        for (var i = 0; i < 50; i++)
        {
            chunks.Append("data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":\" word").Append(i)
                .Append("\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}],\"created\":1732780000,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_1\",\"usage\":null}\n\n");
        }

        chunks.Append(FinishChunk);
        _streamWithoutUsage.Write(Encoding.UTF8.GetBytes(chunks + "data: [DONE]\n\n"));
        chunks.Append("data: {\"choices\":[],\"created\":1732780000,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":50,\"prompt_tokens\":212,\"total_tokens\":262}}\n\n");
        chunks.Append("data: [DONE]\n\n");
        _stream = Encoding.UTF8.GetBytes(chunks.ToString());
        _streamSource.Write(_stream);

        // A long answer (2,000 chunks, about 11,000 characters) with no usage chunk: the kept text fills its
        // 8,192-character buffer and is counted in parts as it goes.
        var words = new[] { " the", " parcel", " left", " Lyon", " this", " morning,", " and", " should", " arrive", " by", " Thursday." };
        var longChunks = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            longChunks.Append(ContentChunk(words[i % words.Length]));
        }

        longChunks.Append(FinishChunk).Append("data: [DONE]\n\n");
        _longStreamWithoutUsage.Write(Encoding.UTF8.GetBytes(longChunks.ToString()));

        _hasher = new ApiKeyHasher(Options.Create(new ApiKeyHashOptions { ApiKeyHashSecret = Convert.ToBase64String(new byte[32]) }));
        _key = ApiKeyFormat.Generate();
        _storedHash = _hasher.Hash(_key);
    }

    /// <summary>What the body steps do per request: validate and read the body's fields, then estimate its tokens.</summary>
    [Benchmark]
    public long InspectAndEstimate()
    {
        NextBody();
        if (!RequestInspector.TryInspect(_body, GatewayOperation.ChatCompletions, out var request, out _))
        {
            throw new InvalidOperationException("The benchmark body was refused.");
        }

        return TokenEstimator.Estimate(_body, request, outputCap: null, defaultOutputTokens: 256);
    }

    /// <summary>A 50-chunk streamed answer read through the gateway's SSE observer, as YARP copies it to the client.</summary>
    [Benchmark]
    public long ObserveStream()
    {
        _streamSource.Position = 0;
        var observer = new ResponseObserver(TimeProvider.System);
        using var sse = new SseResponseStream(new NonDisposingStream(_streamSource), observer, removeUsageChunk: true);
        long total = 0;
        int read;
        while ((read = sse.Read(_copyBuffer)) > 0)
        {
            total += read;
        }

        return total + (observer.Usage?.TotalTokens ?? 0);
    }

    /// <summary>
    /// The same answer from a backend that sends no usage chunk: read through the observer, then its delivered text
    /// counted with the tokenizer, once, as metering does at the end.
    /// </summary>
    [Benchmark]
    public long ObserveStreamWithoutUsage() => ObserveAndCount(_streamWithoutUsage);

    /// <summary>A 2,000-chunk answer with no usage chunk, counted the same way; per chunk, divide by 2,000.</summary>
    [Benchmark]
    public long ObserveLongStreamWithoutUsage() => ObserveAndCount(_longStreamWithoutUsage);

    /// <summary>The client key's keyed hash, compared in constant time with the stored one.</summary>
    [Benchmark]
    public bool VerifyKey() => _hasher.Verify(_key, _storedHash);

    private static string ContentChunk(string piece) =>
        "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":\"" + piece
        + "\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}],\"created\":1732780000,\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_1\",\"usage\":null}\n\n";

    private long ObserveAndCount(MemoryStream source)
    {
        source.Position = 0;
        var observer = new ResponseObserver(TimeProvider.System);
        using var sse = new SseResponseStream(new NonDisposingStream(source), observer, removeUsageChunk: true);
        long total = 0;
        int read;
        while ((read = sse.Read(_copyBuffer)) > 0)
        {
            total += read;
        }

        return total + observer.CountDeliveredCompletionTokens();
    }

    private void NextBody()
    {
        // Writes the counter in place, zero-padded, so every call sees a new last turn without allocating a body.
        var value = ++_counter;
        for (var i = _counterAt + CounterDigits - 1; i >= _counterAt; i--)
        {
            _body[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Lets one source stream serve every iteration.</summary>
    private sealed class NonDisposingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
