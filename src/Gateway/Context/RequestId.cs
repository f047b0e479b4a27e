using System.Buffers.Binary;

namespace AiGateway.Gateway.Context;

/// <summary>
/// Request ids: version 7 GUIDs (the time in milliseconds, then random bits), as 32 hex digits, so they sort by time
/// and stay unique across replicas.
/// </summary>
/// <remarks>
/// Not <see cref="Guid.CreateVersion7()"/>: on Linux it reads the kernel's secure random source, a system call per
/// request. An id needs to be unique, not secret, so its 74 random bits come from <see cref="Random.Shared"/> (seeded
/// from that source once per thread).
/// </remarks>
public static class RequestId
{
    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        Span<byte> milliseconds = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(milliseconds, now.ToUnixTimeMilliseconds());
        milliseconds[2..].CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70); // version 7
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString("N");
    }
}
