using System.Text;
using AiGateway.Gateway.Requests;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Gateway.Tests.Requests;

/// <summary>The gateway's own o200k counter must count exactly as Microsoft.ML.Tokenizers does, on any text.</summary>
public sealed class O200kTokenCounterTests
{
    private static readonly Tokenizer Library = TiktokenTokenizer.CreateForModel("gpt-4o");
    private static readonly Lazy<O200kTokenCounter> Counter = new(O200kTokenCounter.Load);

    public static TheoryData<string> Texts() => new()
    {
        "",
        "a",
        "Hello, world!",
        "You are a helpful assistant. Answer briefly and cite your sources.",
        "Summarise the following meeting notes in three bullet points, then list the action items with their owners.",
        "I'm sure they're here; we've said it's what you'd do, and I'll check what HE'S DONE.",
        "GPT-4o costs $2.50 per 1M input tokens (as of 2024-08-06); 1234567890 is ten digits.",
        "    indented code\n\tfn main() { println!(\"hi\"); }\r\n\r\n\n  trailing   ",
        "CamelCaseIdentifiers and snake_case_names and SCREAMING_CASE and mixedUPPERlower",
        "Ünïcödé façade naïve café — «quotes» and “curly ones” … ellipsis",
        "日本語のテキストも数えます。中文文本也一样。한국어 텍스트도 있습니다.",
        "Emoji: 👋🏽 🇫🇷 👨‍👩‍👧‍👦 and math: ∑ x² ≤ ∞ ⇒ ✓",
        "Русский текст и ελληνικά και עברית וערבית: مرحبا بالعالم",
        "https://example.com/path/to/resource?query=value&other=1#fragment",
        "{\"json\": [1, 2, 3], \"nested\": {\"key\": \"value\"}}",
        "Special tokens <|endoftext|> inside text and <|endofprompt|> too, but not <|other|> or <| partial",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "!!!???...,,,;;;:::---___***&&&%%%###@@@",
        "line one\nline two\n\n\nline five\r\nend",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void CountTokens_CountsAsTheLibraryDoes(string text)
    {
        Assert.Equal(Library.CountTokens(text), Counter.Value.CountTokens(text));
    }

    [Fact]
    public void CountTokens_RandomText_CountsAsTheLibraryDoes()
    {
        // Seeded, so a failure names text that can be reproduced; a mix of scripts, digits, spaces and symbols, and
        // long runs that need many merges.
        var random = new Random(20261128);
        string[] alphabet =
        [
            "a", "e", "t", "Q", "Z", " ", "  ", "\n", "\r\n", "\t", "'", "'s", "'LL", "0", "7", "42", ".", ",", "!", "/",
            "é", "ß", "Ж", "ж", "λ", "ש", "ع", "日", "本", "한", "ก", "́", "😀", "🏽", "‍", "€", "∑", "\u00a0", "<|", "|>", "_",
        ];
        for (var i = 0; i < 400; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 80);
            for (var j = 0; j < length; j++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var sample = text.ToString();
            Assert.True(Library.CountTokens(sample) == Counter.Value.CountTokens(sample), $"Counts differ for sample {i}: \"{sample}\"");
        }
    }

    [Fact]
    public void CountTokens_LongText_CountsAsTheLibraryDoes()
    {
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog; 3.14159 and ünïcödé 日本語. ", 400))
            + new string('x', 5000) + new string(' ', 1000) + "end";

        Assert.Equal(Library.CountTokens(text), Counter.Value.CountTokens(text));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(2_000)]
    [InlineData(20_000)]
    public void CountTokens_LongSingleWords_CountAsTheLibraryDoes(int length)
    {
        // One piece each, long enough for the queue-based merge.
        var random = new Random(length);
        var letters = new string(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var punctuation = new string(Enumerable.Range(0, length).Select(_ => "!?.,;:-*&#"[random.Next(10)]).ToArray());
        var accented = new string(Enumerable.Range(0, length).Select(_ => "aeiouéèàüßøж"[random.Next(12)]).ToArray());

        Assert.Equal(Library.CountTokens(letters), Counter.Value.CountTokens(letters));
        Assert.Equal(Library.CountTokens(punctuation), Counter.Value.CountTokens(punctuation));
        Assert.Equal(Library.CountTokens(accented), Counter.Value.CountTokens(accented));
    }

    [Fact]
    public void CountTokens_WordOfAMegabyte_IsCountedInSlices()
    {
        // Merging a megabyte-long word at once would take the library minutes; the gateway counts it slice by slice.
        var random = new Random(7);
        var word = new string(Enumerable.Range(0, 1 << 20).Select(_ => (char)('a' + random.Next(26))).ToArray());

        var sliced = word.Chunk(O200kTokenCounter.MaxMergedBytes).Sum(slice => Counter.Value.CountTokens(new string(slice)));

        Assert.Equal(sliced, Counter.Value.CountTokens(word));
        Assert.InRange(sliced, word.Length / 8, word.Length);
    }

    [Fact]
    public void Load_HasTheWholeVocabulary_AndEveryTokenFindsItsOwnRank()
    {
        var counter = Counter.Value;

        Assert.Equal(199_998, counter.VocabularySize);
        foreach (var text in new[] { "hello", " world", "!", " the" })
        {
            var expected = Library.EncodeToIds(text).Single();
            Assert.Equal(expected, counter.RankOf(Encoding.UTF8.GetBytes(text)));
        }

        Assert.Equal(-1, counter.RankOf("not-a-single-token-at-all"u8));
    }

    [Fact]
    public void Load_MalformedVocabulary_IsRefusedWithAClearError()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("YQ== 0\nYg== 5\n"));

        var error = Assert.Throws<InvalidDataException>(() => O200kTokenCounter.Load(stream));
        Assert.Contains("rank 1", error.Message, StringComparison.Ordinal);
    }
}
