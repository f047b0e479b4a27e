using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// Server-sent events as the model services send them: <c>data: {json}\n\n</c> frames (optionally preceded
/// by <c>event: name\n</c>), each flushed as soon as it is written. When a cut is configured, the connection
/// is aborted right after the n-th frame has been flushed, so the client sees a stream without its end.
/// </summary>
internal sealed class SseWriter : IAsyncDisposable
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(100);

    private readonly HttpContext _context;
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly int _cutAfterFrames;

    public SseWriter(HttpContext context, int cutAfterFrames)
    {
        _context = context;
        _pipe = context.Response.BodyWriter;
        _json = new Utf8JsonWriter(_pipe, Json.WriterOptions);
        _cutAfterFrames = cutAfterFrames;

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public int Frames { get; private set; }

    /// <summary>Whether the stream was cut on purpose (the handler must stop writing).</summary>
    public bool Cut { get; private set; }

    /// <summary>Starts a frame and returns the writer for its JSON payload.</summary>
    public Utf8JsonWriter BeginFrame(string? eventName = null)
    {
        if (eventName is not null)
        {
            _pipe.Write("event: "u8);
            var bytes = _pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(eventName.Length));
            var written = Encoding.UTF8.GetBytes(eventName, bytes);
            _pipe.Advance(written);
            _pipe.Write("\n"u8);
        }

        _pipe.Write(DataPrefix);
        _json.Reset(_pipe);
        return _json;
    }

    /// <summary>Ends and sends the frame; false when the stream has just been cut.</summary>
    public async ValueTask<bool> EndFrameAsync()
    {
        _json.Flush();
        _pipe.Write(FrameEnd);
        await _pipe.FlushAsync(_context.RequestAborted);
        Frames++;
        if (_cutAfterFrames > 0 && Frames >= _cutAfterFrames)
        {
            Cut = true;

            // Abort resets the connection (TCP RST), and a reset makes the client's kernel drop whatever it has
            // received but not yet read. A short real-time grace lets the flushed frames reach the client first,
            // so it sees n frames and then a broken connection, as with a real mid-stream failure. This is
            // transport timing, not simulated latency, so it does not go through the injected clock.
            await Task.Delay(AbortGrace, _context.RequestAborted);
            _context.Abort();
            return false;
        }

        return true;
    }

    /// <summary>The <c>data: [DONE]</c> terminator of chat and completions streams.</summary>
    public async ValueTask WriteDoneAsync()
    {
        _pipe.Write(Done);
        await _pipe.FlushAsync(_context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _json.DisposeAsync();
}
