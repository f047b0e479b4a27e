using System.Text;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class RequestInspectorTests
{
    private static InspectedRequest Inspect(string json, GatewayOperation operation)
    {
        var ok = RequestInspector.TryInspect(Encoding.UTF8.GetBytes(json), operation, out var request, out var error);
        Assert.True(ok, error?.Message);
        Assert.Null(error);
        return request!;
    }

    private static GatewayError Refuse(string json, GatewayOperation operation)
    {
        var ok = RequestInspector.TryInspect(Encoding.UTF8.GetBytes(json), operation, out var request, out var error);
        Assert.False(ok);
        Assert.Null(request);
        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.False(error.ShouldRetry);
        return error;
    }

    [Fact]
    public void TryInspect_StreamingChat_ReadsEveryField()
    {
        var request = Inspect("""
            {
              "model": "gpt-4o-mini",
              "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi {\"x\": 1}"}],
              "stream": true,
              "stream_options": {"include_usage": true},
              "max_completion_tokens": 512,
              "n": 2,
              "temperature": 0.2,
              "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
            }
            """, GatewayOperation.ChatCompletions);

        Assert.Equal(GatewayOperation.ChatCompletions, request.Operation);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsageRequested);
        Assert.Equal(512, request.MaxCompletionTokens);
        Assert.Null(request.MaxTokens);
        Assert.Null(request.MaxOutputTokens);
        Assert.Equal(2, request.N);
        Assert.Null(request.BestOf);
        Assert.Equal(512, request.RequestedOutputTokens);
        Assert.Equal(["model", "messages", "stream", "stream_options", "max_completion_tokens", "n", "temperature", "tools"],
            request.TopLevelProperties);
        Assert.True(request.HasProperty("tools"));
        Assert.False(request.HasProperty("Tools"));
    }

    [Fact]
    public void TryInspect_MinimalChat_UsesDefaults()
    {
        var request = Inspect("""{"messages":[]}""", GatewayOperation.ChatCompletions);

        Assert.Null(request.Model);
        Assert.False(request.Stream);
        Assert.False(request.IncludeUsageRequested);
        Assert.Equal(1, request.N);
        Assert.Null(request.RequestedOutputTokens);
    }

    [Fact]
    public void TryInspect_NullOptionalFields_TreatedAsAbsent()
    {
        var request = Inspect("""
            {"model":null,"messages":[],"stream":null,"stream_options":null,"max_tokens":null,"n":null,"best_of":null}
            """, GatewayOperation.ChatCompletions);

        Assert.Null(request.Model);
        Assert.False(request.Stream);
        Assert.Null(request.MaxTokens);
        Assert.Equal(1, request.N);
        Assert.Null(request.BestOf);
    }

    [Fact]
    public void TryInspect_IncludeUsageFalse_NotRequested()
    {
        var request = Inspect("""{"messages":[],"stream":true,"stream_options":{"include_usage":false}}""", GatewayOperation.ChatCompletions);

        Assert.True(request.Stream);
        Assert.False(request.IncludeUsageRequested);
    }

    [Fact]
    public void TryInspect_Completions_ReadsBestOfAndMaxTokens()
    {
        var request = Inspect("""
            {"model":"gpt-35-turbo-instruct","prompt":["Say this is a test","Again"],"max_tokens":7,"n":3,"best_of":5,"echo":false}
            """, GatewayOperation.Completions);

        Assert.Equal("gpt-35-turbo-instruct", request.Model);
        Assert.Equal(7, request.MaxTokens);
        Assert.Equal(3, request.N);
        Assert.Equal(5, request.BestOf);
    }

    [Fact]
    public void TryInspect_Embeddings_AcceptsStringOrArrayInput()
    {
        var single = Inspect("""{"model":"text-embedding-3-small","input":"The food was delicious","encoding_format":"float"}""",
            GatewayOperation.Embeddings);
        var batch = Inspect("""{"input":[[1,2,3],[4,5]],"dimensions":256}""", GatewayOperation.Embeddings);

        Assert.Equal("text-embedding-3-small", single.Model);
        Assert.Null(batch.Model);
        Assert.Equal(["input", "dimensions"], batch.TopLevelProperties);
    }

    [Fact]
    public void TryInspect_Responses_ReadsMaxOutputTokens()
    {
        var request = Inspect("""
            {"model":"gpt-4.1","input":[{"role":"user","content":[{"type":"input_text","text":"hello"}]}],
             "instructions":"Talk like a pirate.","max_output_tokens":1024,"stream":true,"reasoning":{"effort":"low"}}
            """, GatewayOperation.Responses);

        Assert.Equal("gpt-4.1", request.Model);
        Assert.Equal(1024, request.MaxOutputTokens);
        Assert.Equal(1024, request.RequestedOutputTokens);
        Assert.True(request.Stream);
    }

    [Fact]
    public void TryInspect_ResponsesWithStoredPrompt_DoesNotNeedInput()
    {
        var request = Inspect("""{"model":"gpt-4.1","prompt":{"id":"pmpt_123","variables":{"city":"Paris"}}}""", GatewayOperation.Responses);

        Assert.Equal("gpt-4.1", request.Model);
    }

    [Fact]
    public void TryInspect_BothChatLimits_RequestedIsTheLarger()
    {
        var request = Inspect("""{"messages":[],"max_completion_tokens":100,"max_tokens":9000}""", GatewayOperation.ChatCompletions);

        Assert.Equal(9000, request.RequestedOutputTokens);
    }

    [Fact]
    public void TryInspect_EscapedPropertyNames_RecognisedAsTheFieldsTheyName()
    {
        var request = Inspect("""{"\u006dodel":"m","messages":[],"max\u005ftokens":5,"x\u00e9":1}""", GatewayOperation.ChatCompletions);

        Assert.Equal("m", request.Model);
        Assert.Equal(5, request.MaxTokens);
        Assert.Equal(["model", "messages", "max_tokens", "xé"], request.TopLevelProperties);
    }

    [Fact]
    public void TryInspect_KnownPropertyNames_ReturnedAsSharedStrings()
    {
        var first = Inspect("""{"messages":[],"logit_bias":{}}""", GatewayOperation.ChatCompletions);
        var second = Inspect("""{"messages":[],"logit_bias":{}}""", GatewayOperation.ChatCompletions);

        Assert.Same(first.TopLevelProperties[1], second.TopLevelProperties[1]);
    }

    [Fact]
    public void TryInspect_LongUnknownPropertyName_Kept()
    {
        var name = new string('x', 300);
        var request = Inspect($$"""{"messages":[],"{{name}}":1}""", GatewayOperation.ChatCompletions);

        Assert.Equal(name, request.TopLevelProperties[1]);
    }

    [Fact]
    public void TryInspect_TruncatedJson_RefusedAsInvalidJsonWithPosition()
    {
        var error = Refuse("{\"model\":\"gpt-4o\",\n\"messages\":[{\"role\":\"user\"", GatewayOperation.ChatCompletions);

        Assert.Equal("invalid_json", error.Code);
        Assert.Null(error.Param);
        Assert.StartsWith("The request body is not valid JSON at line 2, byte ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"messages\":[]} trailing")]
    [InlineData("{\"messages\":[],}")]
    [InlineData("{\"messages\":[] /* comment */}")]
    [InlineData("{'messages':[]}")]
    public void TryInspect_NotStrictJson_RefusedAsInvalidJson(string body)
    {
        var error = Refuse(body, GatewayOperation.ChatCompletions);

        Assert.Equal("invalid_json", error.Code);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryInspect_InvalidUtf8InString_RefusedAsInvalidJson()
    {
        byte[] body = [.. "{\"model\":\""u8, 0xC3, 0x28, .. "\",\"messages\":[]}"u8];

        var ok = RequestInspector.TryInspect(body, GatewayOperation.ChatCompletions, out _, out var error);

        Assert.False(ok);
        Assert.Equal("invalid_json", error!.Code);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 }, 55)]
    [InlineData(new byte[] { 0xFF }, 55)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 55)]
    [InlineData(new byte[] { 0xC0, 0xAF }, 55)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 55)]
    public void TryInspect_InvalidUtf8InAStringTheGatewayDoesNotRead_RefusedNamingTheByte(byte[] invalid, int position)
    {
        byte[] body = [.. "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"caf"u8, .. invalid, .. "\"}]}"u8];

        var ok = RequestInspector.TryInspect(body, GatewayOperation.ChatCompletions, out _, out var error);

        Assert.False(ok);
        Assert.Equal(400, error!.Status);
        Assert.Equal("invalid_json", error.Code);
        Assert.Equal($"The request body is not valid UTF-8 JSON: the bytes at byte {position} are not UTF-8.", error.Message);
    }

    [Fact]
    public void TryInspect_ValidUtf8InEveryScript_Accepted()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"café 😀 naïve 你好 ☕ \u00e9 \ud83d\ude00"}]}""");

        Assert.True(RequestInspector.TryInspect(body, GatewayOperation.ChatCompletions, out _, out _));
    }

    [Fact]
    public void TryInspect_EscapedUnpairedSurrogateInModel_RefusedAsInvalidJson()
    {
        var error = Refuse("""{"model":"\ud800","messages":[]}""", GatewayOperation.ChatCompletions);

        Assert.Equal("invalid_json", error.Code);
    }

    [Theory]
    [InlineData("[{\"messages\":[]}]", "an array")]
    [InlineData("\"hello\"", "a string")]
    [InlineData("42", "an integer")]
    [InlineData("null", "null")]
    public void TryInspect_BodyNotAnObject_Refused(string body, string described)
    {
        var error = Refuse(body, GatewayOperation.ChatCompletions);

        Assert.Equal("invalid_type", error.Code);
        Assert.Equal($"The request body must be a JSON object; got {described}.", error.Message);
    }

    [Fact]
    public void TryInspect_ModelNotString_RefusedNamingModel()
    {
        var error = Refuse("""{"model":5,"messages":[]}""", GatewayOperation.ChatCompletions);

        Assert.Equal("model", error.Param);
        Assert.Equal("invalid_type", error.Code);
        Assert.Equal("Invalid type for 'model': expected a string, but got an integer instead.", error.Message);
    }

    [Fact]
    public void TryInspect_StreamNotBoolean_RefusedNamingStream()
    {
        var error = Refuse("""{"messages":[],"stream":"yes"}""", GatewayOperation.ChatCompletions);

        Assert.Equal("stream", error.Param);
        Assert.Equal("invalid_type", error.Code);
        Assert.Equal("Invalid type for 'stream': expected a boolean, but got a string instead.", error.Message);
    }

    [Fact]
    public void TryInspect_StreamOptionsNotObject_RefusedNamingStreamOptions()
    {
        var error = Refuse("""{"messages":[],"stream":true,"stream_options":true}""", GatewayOperation.ChatCompletions);

        Assert.Equal("stream_options", error.Param);
        Assert.Equal("invalid_type", error.Code);
    }

    [Fact]
    public void TryInspect_IncludeUsageNotBoolean_RefusedNamingIt()
    {
        var error = Refuse("""{"messages":[],"stream":true,"stream_options":{"include_usage":1}}""", GatewayOperation.ChatCompletions);

        Assert.Equal("stream_options.include_usage", error.Param);
        Assert.Equal("Invalid type for 'stream_options.include_usage': expected a boolean, but got an integer instead.", error.Message);
    }

    [Fact]
    public void TryInspect_NegativeN_RefusedBelowMinimum()
    {
        var error = Refuse("""{"messages":[],"n":-1}""", GatewayOperation.ChatCompletions);

        Assert.Equal("n", error.Param);
        Assert.Equal("integer_below_min_value", error.Code);
        Assert.Equal("Invalid 'n': integer below minimum value. Expected a value >= 1, but got -1 instead.", error.Message);
    }

    [Fact]
    public void TryInspect_ZeroN_RefusedBelowMinimum()
    {
        var error = Refuse("""{"messages":[],"n":0}""", GatewayOperation.ChatCompletions);

        Assert.Equal("n", error.Param);
        Assert.Equal("integer_below_min_value", error.Code);
    }

    [Fact]
    public void TryInspect_FractionalMaxTokens_RefusedNamingMaxTokens()
    {
        var error = Refuse("""{"messages":[],"max_tokens":1.5}""", GatewayOperation.ChatCompletions);

        Assert.Equal("max_tokens", error.Param);
        Assert.Equal("invalid_type", error.Code);
        Assert.Equal("Invalid type for 'max_tokens': expected an integer, but got a decimal number (1.5) instead.", error.Message);
    }

    [Theory]
    [InlineData("max_tokens", "-5", "integer_below_min_value")]
    [InlineData("max_completion_tokens", "1e3", "invalid_type")]
    [InlineData("max_output_tokens", "\"100\"", "invalid_type")]
    [InlineData("best_of", "0", "integer_below_min_value")]
    [InlineData("best_of", "true", "invalid_type")]
    [InlineData("max_tokens", "99999999999", "integer_above_max_value")]
    [InlineData("max_tokens", "-99999999999", "integer_below_min_value")]
    public void TryInspect_BadInteger_RefusedNamingTheField(string field, string value, string code)
    {
        var error = Refuse($$"""{"messages":[],"{{field}}":{{value}}}""", GatewayOperation.ChatCompletions);

        Assert.Equal(field, error.Param);
        Assert.Equal(code, error.Code);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryInspect_ZeroMaxTokens_Accepted()
    {
        var request = Inspect("""{"prompt":"x","max_tokens":0,"echo":true}""", GatewayOperation.Completions);

        Assert.Equal(0, request.MaxTokens);
    }

    [Theory]
    [InlineData(GatewayOperation.ChatCompletions, """{"model":"gpt-4o"}""", "messages")]
    [InlineData(GatewayOperation.ChatCompletions, """{"model":"gpt-4o","messages":null}""", "messages")]
    [InlineData(GatewayOperation.ChatCompletions, """{"model":"gpt-4o","prompt":"hi"}""", "messages")]
    [InlineData(GatewayOperation.Completions, """{"model":"x","messages":[]}""", "prompt")]
    [InlineData(GatewayOperation.Embeddings, """{"model":"x"}""", "input")]
    [InlineData(GatewayOperation.Embeddings, """{"model":"x","input":null}""", "input")]
    [InlineData(GatewayOperation.Responses, """{"model":"x","instructions":"hi"}""", "input")]
    public void TryInspect_MissingRequiredField_RefusedNamingIt(GatewayOperation operation, string body, string field)
    {
        var error = Refuse(body, operation);

        Assert.Equal(field, error.Param);
        Assert.Equal("missing_required_parameter", error.Code);
        Assert.Equal($"Missing required parameter: '{field}'.", error.Message);
    }

    [Theory]
    [InlineData(GatewayOperation.ChatCompletions, """{"messages":"hi"}""", "messages", "an array")]
    [InlineData(GatewayOperation.Completions, """{"prompt":{"text":"hi"}}""", "prompt", "a string or an array")]
    [InlineData(GatewayOperation.Embeddings, """{"input":42}""", "input", "a string or an array")]
    public void TryInspect_RequiredFieldWrongType_RefusedNamingIt(GatewayOperation operation, string body, string field, string expected)
    {
        var error = Refuse(body, operation);

        Assert.Equal(field, error.Param);
        Assert.Equal("invalid_type", error.Code);
        Assert.StartsWith($"Invalid type for '{field}': expected {expected}, but got ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"a","messages":[],"model":"b"}""", "model")]
    [InlineData("""{"messages":[],"max_tokens":1,"max_tokens":100000}""", "max_tokens")]
    [InlineData("""{"messages":[],"max_tokens":1,"max\u005ftokens":100000}""", "max_tokens")]
    public void TryInspect_DuplicateInterpretedField_RefusedNamingIt(string body, string field)
    {
        var error = Refuse(body, GatewayOperation.ChatCompletions);

        Assert.Equal(field, error.Param);
        Assert.Equal("duplicate_parameter", error.Code);
    }

    [Fact]
    public void TryInspect_DuplicateUnknownField_PassesThrough()
    {
        var request = Inspect("""{"messages":[],"temperature":1,"temperature":0}""", GatewayOperation.ChatCompletions);

        Assert.Equal(["messages", "temperature", "temperature"], request.TopLevelProperties);
    }

    [Fact]
    public void TryInspect_FieldsOfOtherOperations_NotChecked()
    {
        var request = Inspect("""{"messages":[],"input":5,"prompt":false}""", GatewayOperation.ChatCompletions);

        Assert.Equal(["messages", "input", "prompt"], request.TopLevelProperties);
    }

    [Fact]
    public void TryInspect_NestedFieldsWithInterpretedNames_Ignored()
    {
        var request = Inspect("""
            {"messages":[{"role":"user","content":"x","model":5,"n":-3}],"metadata":{"stream":"yes","max_tokens":1.5}}
            """, GatewayOperation.ChatCompletions);

        Assert.Null(request.Model);
        Assert.Equal(1, request.N);
        Assert.False(request.Stream);
        Assert.Null(request.MaxTokens);
    }
}
