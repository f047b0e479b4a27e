using System.Buffers;
using System.Runtime.ExceptionServices;

namespace AiGateway.Gateway.Streaming;

/// <summary>
/// A read-only pass-through over a backend's server-sent events body. Frames (ended by a blank line) reach the
/// reader byte for byte as soon as each is complete; each <c>data:</c> payload is inspected on the way for usage,
/// finish reasons, generated text and the end of the stream (<c>[DONE]</c> or a terminal Responses API event).
/// </summary>
/// <remarks>
/// <para>Only an incomplete trailing frame is held back, and only up to <c>maxFrameBytes</c>: a larger frame is
/// released as it arrives, uninspected. When <c>removeUsageChunk</c> is set, the chat-completions chunk with an
/// empty <c>choices</c> and a non-null <c>usage</c> is dropped (the gateway asked for it, the client did not).</para>
/// <para>When the backend fails or stops early after the client has had bytes, the reader gets one OpenAI-shaped
/// error event, then the end of the body, and the observer is marked <see cref="ResponseObserver.Cut"/>. The body
/// ends rather than throws so that the proxy copies the event to the client and returns; the gateway then ends the
/// client's response as failed (see <see cref="BackendStreamInterruptedException"/>). A failure before any byte was
/// handed out is rethrown as it is, so the gateway can still answer or fail over.</para>
/// </remarks>
public sealed class SseResponseStream : PassThroughStream
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MinReadSize = 4 * 1024;
    private const string InterruptedMessage = "The model backend closed the stream before it finished.";

    private static readonly byte[] InterruptedEvent =
        "data: {\"error\":{\"message\":\"The model backend closed the stream before it finished.\",\"type\":\"server_error\",\"param\":null,\"code\":\"stream_interrupted\"}}\n\n"u8
            .ToArray();

    // After an oversized frame was partly released, the error event must not be glued onto its last line.
    private static readonly byte[] InterruptedEventAfterPartialFrame = [.. "\n\n"u8, .. InterruptedEvent];

    private readonly ResponseObserver _observer;
    private readonly bool _removeUsageChunk;
    private readonly int _maxFrameBytes;

    // _buffer holds [_readyStart, _readyEnd): inspected frames for the reader, then [_readyEnd, _dataEnd): the
    // frame still arriving, searched for its end up to _scanned.
    private byte[] _buffer;
    private int _readyStart;
    private int _readyEnd;
    private int _dataEnd;
    private int _scanned;

    // The line being scanned, carried across inner reads: its length so far and its last byte (for "\r\n").
    private int _lineLength;
    private byte _lastByte;

    // The current frame outgrew the limit: its bytes go to the reader as they arrive.
    private bool _oversized;

    // Bytes the stream writes itself (the interruption event), handed out after the buffer.
    private ReadOnlyMemory<byte> _tail;

    // Generated text in the ready frames, counted as delivered once the reader has taken them; and in the frame just
    // inspected, until it is kept or dropped. The text itself goes through _text the same way.
    private int _readyContentChars;
    private int _frameContentChars;
    private readonly DeliveredText _text;

    private State _state;
    private Exception? _failure;
    private bool _deliveredAny;

    public SseResponseStream(Stream backendBody, ResponseObserver observer, bool removeUsageChunk, int maxFrameBytes = 1 << 20)
        : base(backendBody)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        _observer = observer;
        _text = observer.Text;
        _removeUsageChunk = removeUsageChunk;
        _maxFrameBytes = maxFrameBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    private enum State
    {
        Streaming,
        Ended,

        // The backend failed after the reader had bytes: the error event is handed out, then the body ends.
        Interrupted,

        // The backend failed before the reader had any byte: every read rethrows.
        Failed,
    }

    private bool HasOutput => _readyStart < _readyEnd || !_tail.IsEmpty;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        while (true)
        {
            if (HasOutput)
            {
                // A zero-byte read completes at once when there is something to give, and consumes nothing.
                return buffer.IsEmpty ? 0 : Deliver(buffer.Span);
            }

            if (_state != State.Streaming)
            {
                return Finish();
            }

            int read;
            try
            {
                if (buffer.IsEmpty)
                {
                    // YARP's zero-byte read: wait until the backend has data, holding no buffer meanwhile.
                    _ = await Inner.ReadAsync(Memory<byte>.Empty, cancellationToken);
                    return 0;
                }

                read = await Inner.ReadAsync(PrepareReadSpace(), cancellationToken);
            }
            catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
            {
                OnInnerFailed(ex);
                continue;
            }

            OnInnerRead(read);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        while (true)
        {
            if (HasOutput)
            {
                return buffer.IsEmpty ? 0 : Deliver(buffer);
            }

            if (_state != State.Streaming)
            {
                return Finish();
            }

            int read;
            try
            {
                if (buffer.IsEmpty)
                {
                    _ = Inner.Read(Span<byte>.Empty);
                    return 0;
                }

                read = Inner.Read(PrepareReadSpace().Span);
            }
            catch (Exception ex)
            {
                // A synchronous reader has no token to cancel with: any cancellation here is the backend's timeout.
                OnInnerFailed(ex);
                continue;
            }

            OnInnerRead(read);
        }
    }

    protected override void ReleaseBuffers()
    {
        var buffer = _buffer;
        _buffer = [];
        _readyStart = _readyEnd = _dataEnd = _scanned = 0;
        _tail = default;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private static ReadOnlySpan<byte> FieldValue(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && value[0] == (byte)' ' ? value[1..] : value;

    private int Deliver(Span<byte> destination)
    {
        int count;
        if (_readyStart < _readyEnd)
        {
            count = Math.Min(destination.Length, _readyEnd - _readyStart);
            _buffer.AsSpan(_readyStart, count).CopyTo(destination);
            _readyStart += count;
            if (_readyStart == _readyEnd)
            {
                _observer.DeliveredContentChars += _readyContentChars;
                _readyContentChars = 0;
                _text.Delivered();
            }

            if (_readyStart == _dataEnd)
            {
                _readyStart = _readyEnd = _dataEnd = _scanned = 0;
            }
        }
        else
        {
            count = Math.Min(destination.Length, _tail.Length);
            _tail.Span[..count].CopyTo(destination);
            _tail = _tail[count..];
        }

        _deliveredAny = true;
        _observer.OnDelivered(count);
        return count;
    }

    private int Finish()
    {
        if (_state != State.Failed)
        {
            return 0;
        }

        throw new IOException(InterruptedMessage, _failure);
    }

    /// <summary>Room for the next inner read; only called when the reader has taken every ready byte.</summary>
    private Memory<byte> PrepareReadSpace()
    {
        if (_buffer.Length - _dataEnd >= MinReadSize)
        {
            return _buffer.AsMemory(_dataEnd);
        }

        var pending = _dataEnd - _readyEnd;
        if (_readyEnd > 0)
        {
            Buffer.BlockCopy(_buffer, _readyEnd, _buffer, 0, pending);
            _scanned -= _readyEnd;
            _readyStart = _readyEnd = 0;
            _dataEnd = pending;
        }

        if (_buffer.Length - _dataEnd < MinReadSize)
        {
            // The pending frame never exceeds _maxFrameBytes (larger ones are released), which bounds this growth.
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _dataEnd + MinReadSize));
            _buffer.AsSpan(0, _dataEnd).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_dataEnd);
    }

    private void OnInnerRead(int read)
    {
        if (read > 0)
        {
            _dataEnd += read;
            Scan();
        }
        else
        {
            OnInnerEnded();
        }
    }

    private void OnInnerFailed(Exception ex)
    {
        if (_observer.Completed)
        {
            // The stream had already ended in substance ([DONE] or response.completed); a transport error on
            // the way out loses the client nothing.
            OnInnerEnded();
            return;
        }

        if (!_deliveredAny)
        {
            _state = State.Failed;
            _failure = ex;
            ExceptionDispatchInfo.Throw(ex);
        }

        Interrupt(ex);
    }

    private void OnInnerEnded()
    {
        if (!_oversized && _dataEnd > _readyEnd && !_observer.Completed)
        {
            // A last frame without its blank line, e.g. "data: [DONE]\n": it may still end the stream properly.
            var frameEnd = _dataEnd;
            if (!Inspect(_buffer.AsSpan(_readyEnd, frameEnd - _readyEnd)))
            {
                _dataEnd = _readyEnd;
            }

            // Kept only if it ended the stream; otherwise the interruption below drops it undelivered.
            if (_observer.Completed && _dataEnd > _readyEnd)
            {
                KeepFrame();
            }
            else
            {
                DropFrame();
            }
        }

        if (_observer.Completed)
        {
            _readyEnd = _scanned = _dataEnd;
            _state = State.Ended;
            return;
        }

        if (!_deliveredAny)
        {
            _state = State.Failed;
            _failure = new IOException("The model backend ended the stream before sending a complete event.");
            throw _failure;
        }

        Interrupt(null);
    }

    private void Interrupt(Exception? cause)
    {
        _observer.Cut = true;
        _observer.CutCause = cause;
        _tail = _oversized ? InterruptedEventAfterPartialFrame : InterruptedEvent;

        // The incomplete frame never reached the reader; it is dropped, not half-delivered.
        _dataEnd = _scanned = _readyEnd;
        _oversized = false;
        _state = State.Interrupted;
    }

    /// <summary>Finds frame ends in the bytes received since the last scan, inspecting each complete frame.</summary>
    private void Scan()
    {
        var position = _scanned;
        while (position < _dataEnd)
        {
            var rest = _buffer.AsSpan(position, _dataEnd - position);
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _lineLength += rest.Length;
                _lastByte = rest[^1];
                position = _dataEnd;
                break;
            }

            var lineLength = _lineLength + newline;
            var lastByte = newline > 0 ? rest[newline - 1] : _lastByte;
            _lineLength = 0;
            _lastByte = (byte)'\n';
            position += newline + 1;

            var blankLine = lineLength == 0 || (lineLength == 1 && lastByte == (byte)'\r');
            if (!blankLine)
            {
                continue;
            }

            if (_oversized || position - _readyEnd > _maxFrameBytes)
            {
                _oversized = false;
                _readyEnd = position;
            }
            else if (Inspect(_buffer.AsSpan(_readyEnd, position - _readyEnd)))
            {
                _readyEnd = position;
                KeepFrame();
            }
            else
            {
                DropFrame();
                var frameLength = position - _readyEnd;
                Buffer.BlockCopy(_buffer, position, _buffer, _readyEnd, _dataEnd - position);
                _dataEnd -= frameLength;
                position = _readyEnd;
            }
        }

        _scanned = position;
        if (_oversized || _dataEnd - _readyEnd > _maxFrameBytes)
        {
            _oversized = true;
            _readyEnd = _dataEnd;
        }
    }

    /// <summary>Records what a complete frame says; false when the frame is to be dropped.</summary>
    private bool Inspect(ReadOnlySpan<byte> frame)
    {
        ReadOnlySpan<byte> data = default;
        ReadOnlySpan<byte> eventName = default;
        var dataLines = 0;
        var rest = frame;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.StartsWith("data:"u8))
            {
                data = FieldValue(line[5..]);
                dataLines++;
            }
            else if (line.StartsWith("event:"u8))
            {
                eventName = FieldValue(line[6..]);
            }
        }

        // A payload split over several data lines would have to be joined first; the services never send one.
        if (dataLines != 1)
        {
            return true;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            _observer.Completed = true;
            return true;
        }

        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return true;
        }

        if (!ResponseJson.TryRead(data, eventName, _text, out var facts))
        {
            // Passed on as it is, but nothing in it is counted: it may have been cut short or be something else.
            _text.RejectFrame();
            return true;
        }

        _observer.Record(facts);
        if (facts.TerminalEvent)
        {
            _observer.Completed = true;
        }

        if (_removeUsageChunk && facts.ChoiceCount == 0 && facts.Usage is not null)
        {
            return false;
        }

        _frameContentChars = facts.ContentChars;
        return true;
    }

    /// <summary>The frame just inspected goes to the reader: its text will count once the reader has it.</summary>
    private void KeepFrame()
    {
        _readyContentChars += _frameContentChars;
        _frameContentChars = 0;
        _text.AcceptFrame();
    }

    private void DropFrame()
    {
        _frameContentChars = 0;
        _text.RejectFrame();
    }
}
