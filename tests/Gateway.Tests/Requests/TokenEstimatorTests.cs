using System.Text;
using AiGateway.Gateway.Requests;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class TokenEstimatorTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForModel("gpt-4o");

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static InspectedRequest Inspect(string json, GatewayOperation operation)
    {
        Assert.True(RequestInspector.TryInspect(Utf8(json), operation, out var request, out _));
        return request!;
    }

    [Fact]
    public void CountPromptTokens_Chat_CountsRolesContentsAndOpenAIsFraming()
    {
        const string json = """{"model":"chat","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello to the gateway"}]}""";

        var count = TokenEstimator.CountPromptTokens(Utf8(json));

        var expected = 3 + (3 + O200k.CountTokens("system") + O200k.CountTokens("You are terse."))
            + (3 + O200k.CountTokens("user") + O200k.CountTokens("Say hello to the gateway"));
        Assert.Equal(expected, count);
    }

    [Fact]
    public void CountPromptTokens_EscapedText_IsCountedUnescaped()
    {
        var escaped = TokenEstimator.CountPromptTokens(Utf8("""{"prompt":"caf\u00e9 \"quoted\""}"""));

        Assert.Equal(O200k.CountTokens("café \"quoted\""), escaped);
    }

    [Fact]
    public void CountPromptTokens_ImageDataAndUrls_AreNotCountedAsText()
    {
        var image = "data:image/png;base64," + new string('A', 20_000);
        var json = $$$"""{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"{{{image}}}","detail":"low"}}]}]}""";

        var count = TokenEstimator.CountPromptTokens(Utf8(json));

        Assert.Equal(3 + 3 + O200k.CountTokens("user") + O200k.CountTokens("What is this?"), count);
    }

    [Fact]
    public void CountPromptTokens_EmbeddingsOfTokenArrays_CountsOneTokenPerNumber()
    {
        Assert.Equal(5, TokenEstimator.CountPromptTokens(Utf8("""{"model":"e","input":[[1,2,3],[4,5]]}""")));
        Assert.Equal(O200k.CountTokens("one") + O200k.CountTokens("two words"), TokenEstimator.CountPromptTokens(Utf8("""{"input":["one","two words"],"encoding_format":"base64"}""")));
    }

    [Fact]
    public void Estimate_MaxTokensAndN_ReservesOutputForEveryChoice()
    {
        const string json = """{"model":"chat","n":3,"max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""";

        var estimate = TokenEstimator.Estimate(Utf8(json), Inspect(json, GatewayOperation.ChatCompletions), outputCap: null, defaultOutputTokens: 512);

        Assert.Equal(TokenEstimator.CountPromptTokens(Utf8(json)) + 300, estimate);
    }

    [Fact]
    public void Estimate_NoLimitNamed_UsesTheCallersCap_ElseTheDefault()
    {
        const string json = """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""";
        var request = Inspect(json, GatewayOperation.ChatCompletions);
        var prompt = TokenEstimator.CountPromptTokens(Utf8(json));

        Assert.Equal(prompt + 64, TokenEstimator.Estimate(Utf8(json), request, outputCap: 64, defaultOutputTokens: 512));
        Assert.Equal(prompt + 512, TokenEstimator.Estimate(Utf8(json), request, outputCap: null, defaultOutputTokens: 512));
    }

    [Fact]
    public void Estimate_LimitAboveTheCap_ReservesOnlyTheCap()
    {
        const string json = """{"model":"chat","max_tokens":4000,"messages":[{"role":"user","content":"hi"}]}""";

        var estimate = TokenEstimator.Estimate(Utf8(json), Inspect(json, GatewayOperation.ChatCompletions), outputCap: 100, defaultOutputTokens: 512);

        Assert.Equal(TokenEstimator.CountPromptTokens(Utf8(json)) + 100, estimate);
    }

    [Fact]
    public void Estimate_Embeddings_HasNoOutput()
    {
        const string json = """{"model":"e","input":"hello world"}""";

        var estimate = TokenEstimator.Estimate(Utf8(json), Inspect(json, GatewayOperation.Embeddings), outputCap: null, defaultOutputTokens: 512);

        Assert.Equal(O200k.CountTokens("hello world"), estimate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Hello")]
    [InlineData("Once upon a time, in a village by the sea.")]
    [InlineData("您的包裹今天早上已经离开里昂的分拣中心，预计星期四送达。")]
    public void CountCompletionTokens_AnyText_CountsAsTheLibraryDoes(string text) =>
        Assert.Equal(O200k.CountTokens(text), TokenEstimator.CountCompletionTokens(text));
}
