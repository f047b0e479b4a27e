using System.IO.Hashing;
using System.Security.Cryptography;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Token counts of strings seen recently, keyed by a hash of their raw JSON bytes. A chat client resends its system
/// prompt and the whole conversation with every turn, so most of a body's text was counted moments ago; only the new
/// turn needs the tokenizer.
/// </summary>
/// <remarks>
/// Written by hand rather than with a memory cache because it sits on the request path: a fixed direct-mapped table of
/// 64-bit slots, each holding a tag from the hash and the count, read and written whole (so without locks and without
/// allocating). A newer string evicts an older one in its slot. The hash is seeded per process, so nobody can aim
/// collisions at it, and a false hit (one in 2^40 per lookup) would only skew an estimate that is settled against the
/// backend's real count anyway.
/// </remarks>
public sealed class TokenCountCache
{
    private const int CountBits = 24;
    private const long CountMask = (1L << CountBits) - 1;

    private readonly long[] _slots;
    private readonly int _indexMask;
    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    /// <param name="slots">The table's size, rounded up to a power of two.</param>
    public TokenCountCache(int slots = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, 1 << CountBits);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots);
        _slots = new long[size];
        _indexMask = size - 1;
    }

    /// <summary>The hash that <see cref="TryGet"/> and <see cref="Add"/> take for <paramref name="utf8"/>.</summary>
    public ulong Hash(ReadOnlySpan<byte> utf8) => XxHash3.HashToUInt64(utf8, _seed);

    public bool TryGet(ulong hash, out int count)
    {
        var slot = Volatile.Read(ref _slots[(int)hash & _indexMask]);
        if (slot != 0 && (slot & ~CountMask) == Tag(hash))
        {
            count = (int)(slot & CountMask);
            return true;
        }

        count = 0;
        return false;
    }

    public void Add(ulong hash, int count)
    {
        if (count is < 0 or > (int)CountMask)
        {
            return;
        }

        Volatile.Write(ref _slots[(int)hash & _indexMask], Tag(hash) | (uint)count);
    }

    /// <summary>The hash's upper 40 bits, which the slot index (at most the lower 24) never uses.</summary>
    private static long Tag(ulong hash) => (long)(hash & ~(ulong)CountMask);
}
