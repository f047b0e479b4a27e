namespace AiGateway.Simulator.Generation;

/// <summary>
/// Deterministic completion text whose o200k token count is exactly the number of pieces: each piece is one
/// word with its leading space (or a full stop), and the pre-tokenizer never merges such pieces, so the
/// count reported in <c>usage</c> equals what a tokenizer finds in the returned text (a test checks it).
/// </summary>
internal sealed class FillerText
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "The gateway sends every request to a healthy backend.",
        "Each answer streams back one token at a time.",
        "This text comes from a simulated model and means nothing.",
        "Tests can count these words and trust the usage figures.",
        "A busy region may ask the client to retry after a short wait.",
    ];

    private readonly string[] _pieces;
    private readonly int[] _sentenceStarts;

    public FillerText()
    {
        var pieces = new List<string>();
        var starts = new List<int>();
        foreach (var sentence in Sentences)
        {
            starts.Add(pieces.Count);
            var words = sentence.TrimEnd('.').Split(' ');
            foreach (var word in words)
            {
                pieces.Add(" " + word);
            }

            pieces.Add(".");
        }

        _pieces = [.. pieces];
        _sentenceStarts = [.. starts];
    }

    /// <summary>
    /// The <paramref name="index"/>-th piece of the text for a variant (a choice index, say). The first piece
    /// loses its leading space; every variant starts at the beginning of a sentence.
    /// </summary>
    public string Piece(int variant, int index)
    {
        var start = _sentenceStarts[(variant & int.MaxValue) % _sentenceStarts.Length];
        var piece = _pieces[(start + index) % _pieces.Length];
        return index == 0 ? piece.TrimStart() : piece;
    }

    public string Text(int variant, int tokens)
    {
        var builder = new System.Text.StringBuilder(tokens * 7);
        for (var i = 0; i < tokens; i++)
        {
            builder.Append(Piece(variant, i));
        }

        return builder.ToString();
    }
}
