using System.Buffers;

namespace AiGateway.Gateway.Streaming;

/// <summary>
/// A read-only pass-through over a backend's JSON body (chat, completions, embeddings, Responses API). Bytes go to
/// the reader as they arrive; a copy of up to <c>maxInspectBytes</c> is kept in a pooled buffer and parsed once the
/// body has ended, for <c>usage</c> and the first choice's <c>finish_reason</c>. A larger or invalid body passes
/// through with nothing recorded.
/// </summary>
public sealed class JsonResponseStream : PassThroughStream
{
    private const int InitialCopySize = 4 * 1024;

    private readonly ResponseObserver _observer;
    private readonly int _maxInspectBytes;

    private byte[]? _copy;
    private int _copied;
    private bool _overLimit;
    private bool _ended;
    private bool _deliveredAny;

    public JsonResponseStream(Stream backendBody, ResponseObserver observer, int maxInspectBytes = 4 << 20)
        : base(backendBody)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInspectBytes);
        _observer = observer;
        _maxInspectBytes = maxInspectBytes;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_ended)
        {
            return 0;
        }

        int read;
        try
        {
            // A zero-byte read goes to the backend as it is: it completes when the backend has data.
            read = await Inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _observer.Cut |= _deliveredAny;
            throw;
        }

        return OnRead(buffer.Span[..read], buffer.IsEmpty);
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        if (_ended)
        {
            return 0;
        }

        int read;
        try
        {
            read = Inner.Read(buffer);
        }
        catch (Exception)
        {
            _observer.Cut |= _deliveredAny;
            throw;
        }

        return OnRead(buffer[..read], buffer.IsEmpty);
    }

    protected override void ReleaseBuffers() => ReturnCopy();

    private int OnRead(ReadOnlySpan<byte> data, bool zeroByteRead)
    {
        if (data.IsEmpty)
        {
            if (!zeroByteRead)
            {
                OnEnded();
            }

            return 0;
        }

        Keep(data);
        _deliveredAny = true;
        _observer.OnDelivered(data.Length);
        return data.Length;
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (_overLimit)
        {
            return;
        }

        var needed = _copied + data.Length;
        if (needed > _maxInspectBytes)
        {
            _overLimit = true;
            ReturnCopy();
            return;
        }

        if (_copy is null || _copy.Length < needed)
        {
            var size = Math.Min(_maxInspectBytes, Math.Max(needed, Math.Max(InitialCopySize, (_copy?.Length ?? 0) * 2)));
            var larger = ArrayPool<byte>.Shared.Rent(size);
            if (_copy is not null)
            {
                _copy.AsSpan(0, _copied).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_copy);
            }

            _copy = larger;
        }

        data.CopyTo(_copy.AsSpan(_copied));
        _copied = needed;
    }

    private void OnEnded()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _observer.Completed = true;
        if (!_overLimit && _copy is not null && ResponseJson.TryRead(_copy.AsSpan(0, _copied), out var facts))
        {
            _observer.Record(facts);
        }

        ReturnCopy();
    }

    private void ReturnCopy()
    {
        if (_copy is not null)
        {
            ArrayPool<byte>.Shared.Return(_copy);
            _copy = null;
        }

        _copied = 0;
    }
}
