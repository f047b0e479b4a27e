using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class RequestRewriterTests
{
    private const string RichBody = """
        {
          "model": "my-alias",
          "messages": [
            {"role": "system", "content": "Caf\u00e9 \ud83d\ude00 \"quoted\" \\ back\/slash"},
            {"role": "user", "content": [{"type": "text", "text": "日本語 and emoji 😀"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}
          ],
          "temperature": 0.70,
          "top_p": 1e-3,
          "seed": 123456789012345678901234567890,
          "logit_bias": {"50256": -100, "1000": 1.50},
          "metadata": {"nested": {"deeper": [1, [2, [3, {"x": null}]], true, false]}},
          "tools": [],
          "user": ""
        }
        """;

    private static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static string Rewrite(string json, RewriteInstructions instructions) =>
        Encoding.UTF8.GetString(RequestRewriter.Rewrite(Utf8(json), instructions).Span);

    private static RewriteInstructions Chat(string? model = null, bool usage = false, int? maxTokens = null) =>
        new(model, usage, maxTokens, GatewayOperation.ChatCompletions);

    private static void AssertJsonEqual(string expected, string actual)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}{Environment.NewLine}Actual   {actual}");
    }

    [Fact]
    public void Rewrite_NoInstructions_ReturnsTheSameMemory()
    {
        var body = Utf8(RichBody);

        var result = RequestRewriter.Rewrite(body, Chat());

        Assert.True(result.Equals(body));
    }

    [Fact]
    public void Rewrite_NothingToChange_ReturnsTheSameMemory()
    {
        var body = Utf8("""{"model":"gpt-4o","messages":[],"stream":true,"stream_options":{"include_usage":true},"max_tokens":100}""");

        var result = RequestRewriter.Rewrite(body, Chat("gpt-4o", usage: true, maxTokens: 4096));

        Assert.True(result.Equals(body));
    }

    [Fact]
    public void Rewrite_Model_ReplacedAndEverythingElseByteForByte()
    {
        var result = Rewrite(RichBody, Chat("gpt-4o-2024-08-06"));

        Assert.Equal(RichBody.Replace("\"my-alias\"", "\"gpt-4o-2024-08-06\"", StringComparison.Ordinal), result);
    }

    [Fact]
    public void Rewrite_ModelNeedingEscapes_WrittenAsValidJson()
    {
        var result = Rewrite("""{"model":"a","messages":[]}""", Chat("dep\"loy/é"));

        Assert.Equal("dep\"loy/é", JsonNode.Parse(result)!["model"]!.GetValue<string>());
    }

    [Fact]
    public void Rewrite_ModelAbsent_Added()
    {
        Assert.Equal("""{"messages":[],"model":"gpt-4o"}""", Rewrite("""{"messages":[]}""", Chat("gpt-4o")));
        Assert.Equal("""{"model":"gpt-4o"}""", Rewrite("{}", Chat("gpt-4o")));
    }

    [Fact]
    public void Rewrite_ModelNotAString_Replaced()
    {
        Assert.Equal("""{"model":"gpt-4o","messages":[]}""", Rewrite("""{"model":{"x":[1]},"messages":[]}""", Chat("gpt-4o")));
    }

    [Fact]
    public void Rewrite_EscapedModelPropertyName_ValueReplaced()
    {
        Assert.Equal("""{"\u006dodel":"gpt-4o"}""", Rewrite("""{"\u006dodel":"alias"}""", Chat("gpt-4o")));
    }

    [Fact]
    public void Rewrite_IncludeUsageWithoutStreamOptions_AddsStreamOptions()
    {
        var result = Rewrite("{\"messages\":[],\"stream\":true\n}", Chat(usage: true));

        Assert.Equal("{\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}\n}", result);
    }

    [Fact]
    public void Rewrite_IncludeUsageFalse_SetTrue()
    {
        var result = Rewrite("""{"stream":true,"stream_options":{"include_usage":false},"messages":[]}""", Chat(usage: true));

        Assert.Equal("""{"stream":true,"stream_options":{"include_usage":true},"messages":[]}""", result);
    }

    [Fact]
    public void Rewrite_StreamOptionsWithOtherProperties_KeepsThemAndAddsIncludeUsage()
    {
        var result = Rewrite("""{"stream":true,"stream_options":{"include_obfuscation":false,"extra":{"a":[1,2]}},"messages":[]}""", Chat(usage: true));

        Assert.Equal("""{"stream":true,"stream_options":{"include_obfuscation":false,"extra":{"a":[1,2]},"include_usage":true},"messages":[]}""", result);
    }

    [Fact]
    public void Rewrite_IncludeUsageNullBetweenSiblings_SetTrueKeepingSiblings()
    {
        var result = Rewrite("""{"stream_options":{"a":1,"include_usage":null,"b":2}}""", Chat(usage: true));

        Assert.Equal("""{"stream_options":{"a":1,"include_usage":true,"b":2}}""", result);
    }

    [Theory]
    [InlineData("""{"stream_options":{}}""", """{"stream_options":{"include_usage":true}}""")]
    [InlineData("""{"stream_options":null}""", """{"stream_options":{"include_usage":true}}""")]
    [InlineData("""{"stream_options":[true]}""", """{"stream_options":{"include_usage":true}}""")]
    public void Rewrite_EmptyOrNullStreamOptions_Filled(string body, string expected)
    {
        Assert.Equal(expected, Rewrite(body, Chat(usage: true)));
    }

    [Fact]
    public void Rewrite_IncludeUsageForEmbeddingsOrResponses_Ignored()
    {
        var body = Utf8("""{"input":"x","stream":true}""");

        Assert.True(RequestRewriter.Rewrite(body, new RewriteInstructions(null, true, null, GatewayOperation.Embeddings)).Equals(body));
        Assert.True(RequestRewriter.Rewrite(body, new RewriteInstructions(null, true, null, GatewayOperation.Responses)).Equals(body));
    }

    [Fact]
    public void Rewrite_IncludeUsageForCompletions_Added()
    {
        var result = Rewrite("""{"prompt":"x","stream":true}""", new RewriteInstructions(null, true, null, GatewayOperation.Completions));

        Assert.Equal("""{"prompt":"x","stream":true,"stream_options":{"include_usage":true}}""", result);
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    public void Rewrite_ChatLimitAboveCap_ClampedInTheClientsField(string field)
    {
        var result = Rewrite($$"""{"messages":[],"{{field}}": 10000 ,"n":1}""", Chat(maxTokens: 4096));

        Assert.Equal($$"""{"messages":[],"{{field}}": 4096 ,"n":1}""", result);
    }

    [Fact]
    public void Rewrite_ResponsesLimitAboveCap_ClampedInMaxOutputTokens()
    {
        var result = Rewrite("""{"input":"hi","max_output_tokens":5000}""", new RewriteInstructions(null, false, 1000, GatewayOperation.Responses));

        Assert.Equal("""{"input":"hi","max_output_tokens":1000}""", result);
    }

    [Fact]
    public void Rewrite_BothChatLimits_BothCappedNeverRaised()
    {
        var result = Rewrite("""{"max_tokens":9000,"messages":[],"max_completion_tokens":100}""", Chat(maxTokens: 4096));

        Assert.Equal("""{"max_tokens":4096,"messages":[],"max_completion_tokens":100}""", result);
    }

    [Fact]
    public void Rewrite_NullLimit_ReplacedWithCap()
    {
        Assert.Equal("""{"messages":[],"max_tokens":50}""", Rewrite("""{"messages":[],"max_tokens":null}""", Chat(maxTokens: 50)));
    }

    [Theory]
    [InlineData(GatewayOperation.ChatCompletions, false, "max_tokens")]
    [InlineData(GatewayOperation.ChatCompletions, true, "max_completion_tokens")]
    [InlineData(GatewayOperation.Completions, false, "max_tokens")]
    [InlineData(GatewayOperation.Completions, true, "max_tokens")]
    [InlineData(GatewayOperation.Responses, false, "max_output_tokens")]
    public void Rewrite_NoClientLimit_AddsTheOperationsField(GatewayOperation operation, bool preferCompletionTokens, string field)
    {
        var instructions = new RewriteInstructions(null, false, 256, operation) { PreferMaxCompletionTokens = preferCompletionTokens };

        var result = Rewrite("""{"x":[1,{"max_tokens":9}]}""", instructions);

        Assert.Equal($$"""{"x":[1,{"max_tokens":9}],"{{field}}":256}""", result);
    }

    [Fact]
    public void Rewrite_CapForEmbeddings_Ignored()
    {
        var body = Utf8("""{"input":"x"}""");

        Assert.True(RequestRewriter.Rewrite(body, new RewriteInstructions(null, false, 100, GatewayOperation.Embeddings)).Equals(body));
    }

    [Fact]
    public void Rewrite_AllInstructionsOnRichBody_OnlyTheInstructedValuesDiffer()
    {
        var result = Rewrite(RichBody, Chat("deployment-1", usage: true, maxTokens: 2048));

        var expected = JsonNode.Parse(RichBody)!.AsObject();
        expected["model"] = "deployment-1";
        expected["stream_options"] = new JsonObject { ["include_usage"] = true };
        expected["max_tokens"] = 2048;
        AssertJsonEqual(expected.ToJsonString(), result);
        Assert.StartsWith(RichBody[..RichBody.IndexOf("\"my-alias\"", StringComparison.Ordinal)], result, StringComparison.Ordinal);
        Assert.Contains("\"seed\": 123456789012345678901234567890,", result, StringComparison.Ordinal);
        Assert.Contains("\"top_p\": 1e-3,", result, StringComparison.Ordinal);
        Assert.Contains("\"1000\": 1.50", result, StringComparison.Ordinal);
        Assert.Contains("Caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\" \\\\ back\\/slash", result, StringComparison.Ordinal);
        Assert.EndsWith("\"user\": \"\",\"stream_options\":{\"include_usage\":true},\"max_tokens\":2048\n}", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_ResultPassesInspection()
    {
        var result = RequestRewriter.Rewrite(Utf8(RichBody), Chat("deployment-1", usage: true, maxTokens: 2048));

        Assert.True(RequestInspector.TryInspect(result.Span, GatewayOperation.ChatCompletions, out var request, out var error), error?.Message);
        Assert.Equal("deployment-1", request.Model);
        Assert.True(request.IncludeUsageRequested);
        Assert.Equal(2048, request.MaxTokens);
    }

    [Fact]
    public void Rewrite_LargeBodyManyEdits_GrowsCorrectly()
    {
        var longModel = new string('m', 1000);
        var body = """{"model":"a","messages":[]}""";

        var result = Rewrite(body, Chat(longModel, usage: true, maxTokens: int.MaxValue));

        Assert.Equal($$"""{"model":"{{longModel}}","messages":[],"stream_options":{"include_usage":true},"max_tokens":2147483647}""", result);
    }

    [Fact]
    public void Rewrite_ManyDuplicateFields_AllRewrittenAsTheBufferGrows()
    {
        static string Repeat(string text) => string.Concat(Enumerable.Repeat(text, 200));
        var body = "{" + Repeat("\"max_tokens\":null,\"model\":1,") + "\"stream_options\":{" + Repeat("\"include_usage\":0,") + "\"a\":1}}";

        var result = Rewrite(body, Chat("deployment", usage: true, maxTokens: 1_000_000_000));

        var expected = "{" + Repeat("\"max_tokens\":1000000000,\"model\":\"deployment\",") + "\"stream_options\":{"
            + Repeat("\"include_usage\":true,") + "\"a\":1}}";
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Rewrite_NothingToChange_AllocatesNothing()
    {
        var body = Utf8("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":100}""");
        var instructions = Chat("gpt-4o", usage: true, maxTokens: 4096);
        RequestRewriter.Rewrite(body, instructions);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = RequestRewriter.Rewrite(body, instructions);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Equals(body));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Rewrite_NotAnObject_Throws()
    {
        Assert.Throws<ArgumentException>(() => RequestRewriter.Rewrite(Utf8("[]"), Chat("x")));
    }

    [Fact]
    public void Rewrite_InvalidJson_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => RequestRewriter.Rewrite(Utf8("""{"model":"""), Chat("x")));
    }
}
