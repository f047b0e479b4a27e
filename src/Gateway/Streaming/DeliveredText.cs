using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Streaming;

/// <summary>
/// The generated text of a stream, kept per choice as it passes to the client, so that when the backend reports no
/// usage the completion can be counted with the tokenizer once the stream has ended, rather than guessed from its
/// length (four characters a token is some 10 % off for English and 75 % for Chinese).
/// </summary>
/// <remarks>
/// <para>Nothing is tokenised per chunk: a chunk's text is decoded into a pooled buffer, about what counting its
/// characters cost before. Memory is bounded: a choice's buffer grows to <see cref="MaxChars"/>; when it is full, the
/// delivered text is counted up to its last boundary between pieces of the o200k pre-tokenizer and dropped, which
/// keeps the count exact (a piece never runs from a letter, digit or mark into the space or punctuation after it).
/// Text with no such boundary in a whole buffer is cut where it is, at a cost of a token or so, and a delta that
/// cannot fit at all is counted on its own. The services send the usage chunk last, so for most streams the text is
/// simply given back, uncounted, when it arrives.</para>
/// <para>Text passes three marks, as frames do in <see cref="SseResponseStream"/>: appended while a frame is parsed,
/// accepted when the frame proved whole and is kept, delivered when the reader has taken it. Only delivered text is
/// counted. One reader at a time, like the stream: no synchronisation.</para>
/// </remarks>
internal sealed class DeliveredText
{
    /// <summary>Choices kept apart (a streamed chunk names its choice); text of a later choice is counted delta by delta.</summary>
    internal const int MaxChoices = 16;

    internal const int InitialChars = 1024;

    /// <summary>The most one choice holds: 16 KiB, an answer of about 2,000 tokens.</summary>
    internal const int MaxChars = 8 * 1024;

    private Slot _first;
    private Slot[]? _more;

    // Bit i set: slot i was appended to in the frame being parsed / holds accepted text not yet delivered / has a buffer.
    private int _touched;
    private int _accepted;
    private int _rented;

    // Tokens counted as the text came (deltas that could not fit), in the frame being parsed and in accepted frames,
    // and of delivered text counted so far.
    private int _frameTokens;
    private int _acceptedTokens;
    private int _deliveredTokens;

    /// <summary>False once the text has been counted or is no longer needed; appending then stops.</summary>
    public bool IsCollecting { get; private set; } = true;

    /// <summary>The chars of pooled buffer held now, over every choice: never more than <see cref="MaxChars"/> a choice.</summary>
    public int HeldChars => (_first.Buffer?.Length ?? 0) + (_more?.Sum(s => s.Buffer?.Length ?? 0) ?? 0);

    /// <summary>Appends the string token <paramref name="reader"/> is on to choice <paramref name="choice"/>; returns its length in chars.</summary>
    public int Append(int choice, ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.IsEmpty)
        {
            return 0;
        }

        if ((uint)choice < MaxChoices)
        {
            ref var slot = ref SlotAt(choice);
            // A UTF-8 string, escaped or not, never decodes to more UTF-16 code units than it has bytes.
            if (MakeRoom(ref slot, choice, raw.Length))
            {
                var written = Decode(ref reader, slot.Buffer.AsSpan(slot.Length));
                slot.Length += written;
                _touched |= 1 << choice;
                return written;
            }
        }

        return CountApart(ref reader);
    }

    /// <summary>The frame parsed since the last call is kept: its text goes to the reader with it.</summary>
    public void AcceptFrame()
    {
        for (var touched = _touched; touched != 0; touched &= touched - 1)
        {
            var i = BitOperations.TrailingZeroCount(touched);
            ref var slot = ref SlotAt(i);
            slot.Accepted = slot.Length;
            _accepted |= 1 << i;
        }

        _touched = 0;
        _acceptedTokens += _frameTokens;
        _frameTokens = 0;
    }

    /// <summary>The frame parsed since the last call is dropped or was not whole: its text is forgotten.</summary>
    public void RejectFrame()
    {
        for (var touched = _touched; touched != 0; touched &= touched - 1)
        {
            ref var slot = ref SlotAt(BitOperations.TrailingZeroCount(touched));
            slot.Length = slot.Accepted;
        }

        _touched = 0;
        _frameTokens = 0;
    }

    /// <summary>The reader has taken every accepted frame.</summary>
    public void Delivered()
    {
        for (var accepted = _accepted; accepted != 0; accepted &= accepted - 1)
        {
            ref var slot = ref SlotAt(BitOperations.TrailingZeroCount(accepted));
            slot.Delivered = slot.Accepted;
        }

        _accepted = 0;
        _deliveredTokens += _acceptedTokens;
        _acceptedTokens = 0;
    }

    /// <summary>
    /// The o200k tokens of the delivered text, every choice summed. The first call counts what is still held, gives the
    /// buffers back and stops collecting; later calls answer the same. Meaningless after <see cref="Release"/>.
    /// </summary>
    public int CountDelivered()
    {
        if (IsCollecting)
        {
            for (var rented = _rented; rented != 0; rented &= rented - 1)
            {
                ref var slot = ref SlotAt(BitOperations.TrailingZeroCount(rented));
                _deliveredTokens += TokenEstimator.CountCompletionTokens(slot.Buffer.AsSpan(0, slot.Delivered));
            }

            Release();
        }

        return _deliveredTokens;
    }

    /// <summary>The text is not needed (the backend reported its usage): gives the buffers back, uncounted, and stops collecting.</summary>
    public void Release()
    {
        IsCollecting = false;
        for (var rented = _rented; rented != 0; rented &= rented - 1)
        {
            ref var slot = ref SlotAt(BitOperations.TrailingZeroCount(rented));
            ArrayPool<char>.Shared.Return(slot.Buffer!);
            slot = default;
        }

        _rented = _touched = _accepted = 0;
        _frameTokens = _acceptedTokens = 0;
    }

    /// <summary>
    /// Where <paramref name="text"/> may be cut with both parts counting as the whole: the last position, other than 0,
    /// where a piece of the o200k pre-tokenizer must start. That is a space after anything but whitespace (no piece
    /// runs on into a space), or punctuation after a letter, mark or digit (a word or number piece never takes it in;
    /// only an apostrophe can begin a contraction such as 's). 0 when there is none.
    /// </summary>
    internal static int LastBoundary(ReadOnlySpan<char> text)
    {
        for (var i = text.Length - 1; i > 0; i--)
        {
            var at = text[i];
            var before = text[i - 1];
            if (at == ' ' ? !char.IsWhiteSpace(before) : IsPunctuation(at) && IsWordChar(before))
            {
                return i;
            }
        }

        return 0;
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) <= UnicodeCategory.OtherNumber;

    private static bool IsPunctuation(char c) =>
        // '<' and '|' too: a cut must never split a special token such as <|endoftext|>, which counts as one.
        c is not '\'' and not '<' and not '|' && !char.IsSurrogate(c) && !char.IsWhiteSpace(c) && !IsWordChar(c);

    private static int Decode(ref Utf8JsonReader reader, Span<char> destination) =>
        reader.ValueIsEscaped ? reader.CopyString(destination) : Encoding.UTF8.GetChars(reader.ValueSpan, destination);

    private ref Slot SlotAt(int choice)
    {
        if (choice == 0)
        {
            return ref _first;
        }

        _more ??= new Slot[MaxChoices - 1];
        return ref _more[choice - 1];
    }

    /// <summary>Makes room for <paramref name="chars"/> more in the slot: rents, grows, or counts and drops delivered text.</summary>
    private bool MakeRoom(ref Slot slot, int choice, int chars)
    {
        if (slot.Buffer is null)
        {
            if (chars > MaxChars)
            {
                return false;
            }

            slot.Buffer = ArrayPool<char>.Shared.Rent(Math.Max(InitialChars, chars));
            _rented |= 1 << choice;
            return true;
        }

        var buffer = slot.Buffer;
        if (buffer.Length - slot.Length >= chars)
        {
            return true;
        }

        if (slot.Length + chars <= MaxChars)
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Min(MaxChars, Math.Max(buffer.Length * 2, slot.Length + chars)));
            buffer.AsSpan(0, slot.Length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(buffer);
            slot.Buffer = larger;
            return true;
        }

        CountDeliveredPart(ref slot);
        return buffer.Length - slot.Length >= chars;
    }

    /// <summary>Counts the slot's delivered text up to its last boundary (or all of it, if it has none) and drops it.</summary>
    private void CountDeliveredPart(ref Slot slot)
    {
        var buffer = slot.Buffer!;
        var delivered = buffer.AsSpan(0, slot.Delivered);
        var cut = LastBoundary(delivered);
        if (cut == 0 && !delivered.IsEmpty)
        {
            cut = char.IsHighSurrogate(delivered[^1]) ? delivered.Length - 1 : delivered.Length;
        }

        if (cut == 0)
        {
            return;
        }

        _deliveredTokens += TokenEstimator.CountCompletionTokens(delivered[..cut]);
        buffer.AsSpan(cut, slot.Length - cut).CopyTo(buffer);
        slot.Length -= cut;
        slot.Accepted -= cut;
        slot.Delivered -= cut;
    }

    /// <summary>Counts a delta on its own, for text that has no room: a token or so may differ from counting it in place.</summary>
    private int CountApart(ref Utf8JsonReader reader)
    {
        var rented = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var written = Decode(ref reader, rented);
            _frameTokens += TokenEstimator.CountCompletionTokens(rented.AsSpan(0, written));
            return written;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>One choice's text: [0, Delivered) handed to the reader, [Delivered, Accepted) in kept frames, [Accepted, Length) in the frame being parsed.</summary>
    private struct Slot
    {
        public char[]? Buffer;
        public int Length;
        public int Accepted;
        public int Delivered;
    }
}
