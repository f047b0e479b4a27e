namespace AiGateway.Gateway.Tests.Streaming;

/// <summary>
/// A backend body that plays a script: each data step is returned by one read (or several, when the reader's
/// buffer is smaller), a gate step holds the next read until the test opens it, a failure step throws, and the
/// end of the script is the end of the stream.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly Queue<ScriptStep> _steps;
    private int _offset;

    private ScriptedStream(IEnumerable<ScriptStep> steps) => _steps = new Queue<ScriptStep>(steps);

    public int Reads { get; private set; }

    public int ZeroByteReads { get; private set; }

    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static ScriptedStream Of(params ScriptStep[] steps) => new(steps);

    /// <summary>The body cut into reads of <paramref name="chunkSize"/> bytes.</summary>
    public static ScriptedStream Chunked(byte[] body, int chunkSize) => new(Split(body, chunkSize).Select(ScriptStep.Data));

    public static IEnumerable<byte[]> Split(byte[] body, int chunkSize)
    {
        for (var i = 0; i < body.Length; i += chunkSize)
        {
            yield return body[i..Math.Min(body.Length, i + chunkSize)];
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Count(buffer.Length);
        while (_steps.TryPeek(out var step))
        {
            if (step.Gate is not null)
            {
                await step.Gate.Task.WaitAsync(cancellationToken);
                _steps.Dequeue();
                continue;
            }

            return Take(buffer.Span);
        }

        return 0;
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Count(buffer.Length);
        while (_steps.TryPeek(out var step))
        {
            if (step.Gate is not null)
            {
                step.Gate.Task.GetAwaiter().GetResult();
                _steps.Dequeue();
                continue;
            }

            return Take(buffer);
        }

        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void Count(int length)
    {
        Reads++;
        if (length == 0)
        {
            ZeroByteReads++;
        }
    }

    private int Take(Span<byte> buffer)
    {
        var step = _steps.Peek();
        if (step.Failure is not null)
        {
            _steps.Dequeue();
            throw step.Failure;
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        var bytes = step.Bytes!;
        var count = Math.Min(buffer.Length, bytes.Length - _offset);
        bytes.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        if (_offset == bytes.Length)
        {
            _steps.Dequeue();
            _offset = 0;
        }

        return count;
    }
}
