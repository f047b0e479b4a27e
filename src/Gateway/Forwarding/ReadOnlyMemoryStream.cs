using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.Forwarding;

/// <summary>A read-only stream over memory the gateway already holds, so each attempt re-sends the body without copying it.</summary>
internal sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : ReadOnlyStream
{
    private int _position;

    public override long Length => memory.Length;

    public override long Position => _position;

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, memory.Length - _position);
        memory.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
}
