using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Counts tokens of OpenAI's o200k_base encoding (GPT-4o, GPT-4.1, o-series) exactly as
/// <c>Microsoft.ML.Tokenizers</c> does: split by the encoding's pattern, then byte-pair merges by rank.
/// </summary>
/// <remarks>
/// Written by hand because the gateway only counts, and the library's tokenizer, built to encode and decode, keeps
/// three dictionaries of the 200,000-entry vocabulary with an object per entry: about 40 MiB of heap and 600,000
/// objects in every replica, a quarter of its memory budget, for a count. Here the vocabulary is one byte array and
/// an open-addressing table of ranks, about 4 MiB. The vocabulary itself is read from the library's own data package,
/// and the tests compare every count with the library's.
/// </remarks>
public sealed partial class O200kTokenCounter
{
    private const string VocabularyAssembly = "Microsoft.ML.Tokenizers.Data.O200kBase";
    private const string VocabularyResource = "o200k_base.tiktoken.deflate";

    /// <summary>Pieces longer than this (in UTF-8 bytes) are encoded into a pooled rather than a stack buffer.</summary>
    private const int StackPieceBytes = 256;

    /// <summary>Pieces up to this long are merged by scanning for the lowest rank (quadratic, but quickest when short).</summary>
    private const int ScanMergeBytes = 128;

    /// <summary>
    /// Longer pieces (a word of tens of thousands of letters, sent to make the gateway work) are counted in slices of
    /// this size: each slice exactly, at a cost that grows as n log n; the total errs by at most a token or so per slice.
    /// </summary>
    internal const int MaxMergedBytes = 64 * 1024;

    // Special tokens count as one token each wherever they appear, as the library's pre-tokenizer treats them.
    private static readonly string[] SpecialTokens = ["<|endoftext|>", "<|endofprompt|>"];

    private readonly byte[] _tokenBytes;
    private readonly int[] _tokenStarts;
    private readonly int[] _table;
    private readonly int _tableMask;
    private readonly long _seed;

    private O200kTokenCounter(byte[] tokenBytes, int[] tokenStarts, int[] table, long seed)
    {
        _tokenBytes = tokenBytes;
        _tokenStarts = tokenStarts;
        _table = table;
        _tableMask = table.Length - 1;
        _seed = seed;
    }

    /// <summary>How many tokens the vocabulary has (special tokens aside).</summary>
    public int VocabularySize => _tokenStarts.Length - 1;

    /// <summary>Loads the vocabulary shipped in the <c>Microsoft.ML.Tokenizers.Data.O200kBase</c> package.</summary>
    public static O200kTokenCounter Load()
    {
        var assembly = Assembly.Load(VocabularyAssembly);
        using var resource = assembly.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidOperationException($"{VocabularyAssembly} has no resource {VocabularyResource}.");
        using var text = new DeflateStream(resource, CompressionMode.Decompress);
        return Load(text);
    }

    /// <summary>
    /// Loads a vocabulary in the <c>.tiktoken</c> format: one line per token, its bytes in base64, then its rank
    /// (tiktoken's files) or nothing, the rank being the line's place (the data package's, after a <c>Capacity: N</c> line).
    /// </summary>
    public static O200kTokenCounter Load(Stream tiktoken)
    {
        ArgumentNullException.ThrowIfNull(tiktoken);
        using var reader = new StreamReader(tiktoken, Encoding.ASCII);
        var bytes = new ArrayBufferWriter<byte>(2 << 20);
        var starts = new List<int>(200_001) { 0 };
        Span<byte> decoded = stackalloc byte[256];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || (starts.Count == 1 && line.StartsWith("Capacity:", StringComparison.Ordinal)))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var token = space < 0 ? line.AsSpan() : line.AsSpan(0, space);
            var rank = starts.Count - 1;
            if ((space >= 0 && !(int.TryParse(line.AsSpan(space + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var stated) && stated == rank))
                || !Convert.TryFromBase64Chars(token, decoded, out var written))
            {
                // Ranks are dense and in order in every published vocabulary; the byte offsets below rely on it.
                throw new InvalidDataException($"Unexpected vocabulary line for rank {rank}: tokens must be base64, with ranks 0, 1, 2... in order.");
            }

            bytes.Write(decoded[..written]);
            starts.Add(bytes.WrittenCount);
        }

        var tokenStarts = starts.ToArray();
        var tokenBytes = bytes.WrittenSpan.ToArray();
        var count = tokenStarts.Length - 1;
        var table = new int[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(count * 2, 2))];
        var seed = Random.Shared.NextInt64();
        var counter = new O200kTokenCounter(tokenBytes, tokenStarts, table, seed);
        for (var rank = 0; rank < count; rank++)
        {
            counter.Insert(rank);
        }

        return counter;
    }

    /// <summary>The number of tokens <paramref name="text"/> encodes to.</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var tokens = 0;
        while (!text.IsEmpty)
        {
            var (special, length) = NextSpecialToken(text);
            tokens += CountOrdinaryText(text[..special]);
            if (length == 0)
            {
                break;
            }

            tokens++;
            text = text[(special + length)..];
        }

        return tokens;
    }

    /// <summary>The rank of a token's bytes, or -1 when they are not one token.</summary>
    public int RankOf(ReadOnlySpan<byte> token)
    {
        var slot = (int)Hash(token) & _tableMask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                return -1;
            }

            var rank = entry - 1;
            if (TokenAt(rank).SequenceEqual(token))
            {
                return rank;
            }

            slot = (slot + 1) & _tableMask;
        }
    }

    // The o200k_base pattern, as tiktoken publishes it: words with their leading punctuation and case, contractions,
    // numbers of up to three digits, punctuation runs, line breaks and other whitespace.
    [GeneratedRegex(
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    private static partial Regex Pattern();

    private static (int Index, int Length) NextSpecialToken(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (true)
        {
            var open = text[from..].IndexOf("<|", StringComparison.Ordinal);
            if (open < 0)
            {
                return (text.Length, 0);
            }

            open += from;
            foreach (var special in SpecialTokens)
            {
                if (text[open..].StartsWith(special, StringComparison.Ordinal))
                {
                    return (open, special.Length);
                }
            }

            from = open + 2;
        }
    }

    private int CountOrdinaryText(ReadOnlySpan<char> text)
    {
        var tokens = 0;
        foreach (var match in Pattern().EnumerateMatches(text))
        {
            tokens += CountPiece(text.Slice(match.Index, match.Length));
        }

        return tokens;
    }

    private int CountPiece(ReadOnlySpan<char> piece)
    {
        var byteCount = Encoding.UTF8.GetByteCount(piece);
        byte[]? rentedBytes = null;
        var utf8 = byteCount <= StackPieceBytes ? stackalloc byte[StackPieceBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            utf8 = utf8[..Encoding.UTF8.GetBytes(piece, utf8)];
            if (utf8.Length == 1 || RankOf(utf8) >= 0)
            {
                return 1;
            }

            var tokens = 0;
            for (var start = 0; start < utf8.Length; start += MaxMergedBytes)
            {
                var slice = utf8.Slice(start, Math.Min(MaxMergedBytes, utf8.Length - start));
                tokens += slice.Length <= ScanMergeBytes ? CountMergedByScan(slice) : CountMergedByQueue(slice);
            }

            return tokens;
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    /// <summary>
    /// Byte-pair merging as tiktoken does it: start from single bytes and repeatedly join the adjacent pair whose
    /// joined bytes have the lowest rank (the leftmost of equals), until no adjacent pair is a token. The count is the
    /// parts that remain.
    /// </summary>
    private int CountMergedByScan(ReadOnlySpan<byte> piece)
    {
        // Only short pieces come here (up to ScanMergeBytes), so both arrays fit on the stack.
        // starts[i] is where part i begins (the last entry is the piece's end); ranks[i] the rank of part i joined
        // with part i + 1, or int.MaxValue when that is not a token.
        var size = piece.Length + 1;
        Span<int> buffer = stackalloc int[size * 2];
        var starts = buffer[..size];
        var ranks = buffer.Slice(size, size);
        for (var i = 0; i < size; i++)
        {
            starts[i] = i;
        }

        var parts = piece.Length;
        for (var i = 0; i < parts - 1; i++)
        {
            ranks[i] = PairRank(piece, starts, i, parts);
        }

        ranks[parts - 1] = int.MaxValue;
        while (parts > 1)
        {
            var best = 0;
            for (var i = 1; i < parts - 1; i++)
            {
                if (ranks[i] < ranks[best])
                {
                    best = i;
                }
            }

            if (ranks[best] == int.MaxValue)
            {
                break;
            }

            // Part best absorbs part best + 1.
            starts[(best + 2)..(parts + 1)].CopyTo(starts[(best + 1)..]);
            ranks[(best + 2)..parts].CopyTo(ranks[(best + 1)..]);
            parts--;
            ranks[best] = PairRank(piece, starts, best, parts);
            if (best > 0)
            {
                ranks[best - 1] = PairRank(piece, starts, best - 1, parts);
            }
        }

        return parts;
    }

    /// <summary>
    /// The same merging for long pieces, without rescanning: the pairs wait in a priority queue ordered by rank, then
    /// by position (so the leftmost of equal ranks goes first, as in the scan), and a pair whose part has changed since
    /// it was queued is skipped when it comes up.
    /// </summary>
    private int CountMergedByQueue(ReadOnlySpan<byte> piece)
    {
        var length = piece.Length;
        var next = ArrayPool<int>.Shared.Rent(length);
        var previous = ArrayPool<int>.Shared.Rent(length);
        var ranks = ArrayPool<int>.Shared.Rent(length);
        try
        {
            var queue = new PriorityQueue<int, long>(length);
            for (var i = 0; i < length; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                ranks[i] = i + 1 < length ? RankOf(piece.Slice(i, 2)) : -1;
                if (ranks[i] >= 0)
                {
                    queue.Enqueue(i, Priority(ranks[i], i));
                }
            }

            var parts = length;
            while (queue.TryDequeue(out var part, out var priority))
            {
                if (next[part] < 0 || ranks[part] != (int)(priority >> 32))
                {
                    continue;
                }

                // Part absorbs the part after it; a removed part is marked by next = -1.
                var absorbed = next[part];
                var end = next[absorbed];
                next[absorbed] = -1;
                next[part] = end;
                if (end < length)
                {
                    previous[end] = part;
                }

                parts--;
                ranks[part] = end < length ? RankOf(piece[part..next[end]]) : -1;
                if (ranks[part] >= 0)
                {
                    queue.Enqueue(part, Priority(ranks[part], part));
                }

                if (previous[part] is var before and >= 0)
                {
                    ranks[before] = RankOf(piece[before..end]);
                    if (ranks[before] >= 0)
                    {
                        queue.Enqueue(before, Priority(ranks[before], before));
                    }
                }
            }

            return parts;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(previous);
            ArrayPool<int>.Shared.Return(ranks);
        }

        static long Priority(int rank, int position) => ((long)rank << 32) | (uint)position;
    }

    private int PairRank(ReadOnlySpan<byte> piece, Span<int> starts, int part, int parts)
    {
        if (part >= parts - 1)
        {
            return int.MaxValue;
        }

        var rank = RankOf(piece[starts[part]..starts[part + 2]]);
        return rank < 0 ? int.MaxValue : rank;
    }

    private ReadOnlySpan<byte> TokenAt(int rank) => _tokenBytes.AsSpan(_tokenStarts[rank], _tokenStarts[rank + 1] - _tokenStarts[rank]);

    private ulong Hash(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes, _seed);

    private void Insert(int rank)
    {
        var slot = (int)Hash(TokenAt(rank)) & _tableMask;
        while (_table[slot] != 0)
        {
            slot = (slot + 1) & _tableMask;
        }

        _table[slot] = rank + 1;
    }
}
