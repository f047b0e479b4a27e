using AiGateway.Simulator.Generation;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Simulator.Tests.Generation;

public sealed class FillerTextTests
{
    private static readonly TiktokenTokenizer Tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    [Fact]
    public void Text_AnyLengthAndVariant_TokenizerCountEqualsLength()
    {
        var filler = new FillerText();

        for (var variant = 0; variant < 8; variant++)
        {
            foreach (var tokens in Enumerable.Range(1, 150).Concat([257, 1000]))
            {
                Assert.Equal(tokens, Tokenizer.CountTokens(filler.Text(variant, tokens)));
            }
        }
    }

    [Fact]
    public void Piece_Concatenated_EqualsText()
    {
        var filler = new FillerText();

        Assert.Equal(filler.Text(3, 40), string.Concat(Enumerable.Range(0, 40).Select(i => filler.Piece(3, i))));
    }

    [Fact]
    public void CountChat_Messages_FollowsOpenAIAccounting()
    {
        var counter = new TokenCounter();
        var messages = Wire.Parse("""[{"role":"system","content":"Be brief."},{"role":"user","name":"ann","content":[{"type":"text","text":"Hello there"}]}]""");

        var expected = 3
            + 3 + Tokenizer.CountTokens("system") + Tokenizer.CountTokens("Be brief.")
            + 3 + Tokenizer.CountTokens("user") + 1 + Tokenizer.CountTokens("ann") + Tokenizer.CountTokens("Hello there");

        Assert.Equal(expected, counter.CountChat(messages, default));
    }
}
