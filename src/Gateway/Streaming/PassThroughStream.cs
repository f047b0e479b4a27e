using System.Diagnostics.CodeAnalysis;

namespace AiGateway.Gateway.Streaming;

/// <summary>
/// A read-only stream that hands on a backend's body and owns it: the first dispose, sync or async, gives back the
/// subclass's pooled buffers and then disposes the backend body; reads after that throw.
/// </summary>
public abstract class PassThroughStream : ReadOnlyStream
{
    private bool _disposed;

    protected PassThroughStream(Stream backendBody)
    {
        ArgumentNullException.ThrowIfNull(backendBody);
        Inner = backendBody;
    }

    /// <summary>The backend body being passed through.</summary>
    protected Stream Inner { get; }

    [SuppressMessage("Usage", "CA1816", Justification = "base.DisposeAsync() ends in Stream.Dispose(), which suppresses finalization.")]
    public sealed override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            ReleaseBuffers();
            await Inner.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Returns what the subclass rented from a pool; called once, before the backend body is disposed.</summary>
    protected abstract void ReleaseBuffers();

    protected sealed override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            ReleaseBuffers();
            if (disposing)
            {
                Inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
