using System.Net;

namespace AiGateway.Simulator.Tests;

/// <summary>Client mistakes get the services' error bodies and statuses, never a 500.</summary>
public sealed class RequestValidationTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChatCompletions_UnknownDeployment_Returns404DeploymentNotFound()
    {
        using var response = await _server.Client.PostAsync("openai/deployments/nope/chat/completions?api-version=2024-10-21",
            """{"messages":[{"role":"user","content":"Hi"}]}""");
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("DeploymentNotFound", (string?)body["error"]!["code"]);
        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
        Assert.Contains("deployment for this resource does not exist", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_WrongKey_Returns401WithAzureBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseAddress + Wire.ChatPath) { Content = Wire.JsonBody("{}") };
        request.Headers.Add("api-key", "wrong");
        using var client = new HttpClient();
        using var response = await client.SendAsync(request, Ct);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("401", (string?)body["error"]!["code"]);
        Assert.StartsWith("Access denied due to invalid subscription key or wrong API endpoint", (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.NotEmpty(response.Header("x-request-id"));
        Assert.Equal(response.Header("x-request-id"), response.Header("apim-request-id"));
    }

    [Fact]
    public async Task ChatCompletions_NoKey_Returns401()
    {
        using var client = new HttpClient { BaseAddress = _server.BaseAddress };
        using var response = await client.PostAsync(Wire.ChatPath, """{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_BearerKey_IsAccepted()
    {
        using var client = new HttpClient { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", SimulatorServer.ApiKey);
        using var response = await client.PostAsync("v1/chat/completions", """{"model":"chat","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_NoKeysConfigured_AcceptsAnyKeyButRequiresOne()
    {
        await using var open = await SimulatorServer.StartAsync(s => s.Remove("Simulator:ApiKeys:0"));
        using var anyKey = new HttpClient { BaseAddress = open.BaseAddress };
        anyKey.DefaultRequestHeaders.Add("api-key", "whatever");
        using var noKey = new HttpClient { BaseAddress = open.BaseAddress };
        const string body = """{"messages":[{"role":"user","content":"Hi"}]}""";

        using var accepted = await anyKey.PostAsync(Wire.ChatPath, body);
        using var refused = await noKey.PostAsync(Wire.ChatPath, body);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_MalformedJson_Returns400NamingTheProblem()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath, """{"messages": [""");
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
        Assert.Contains("could not parse the JSON body", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task ChatCompletions_BodyNotAnObject_Returns400(string json)
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["error"]!["message"]);
    }

    [Fact]
    public async Task ChatCompletions_MissingMessages_Returns400NamingMessages()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath, """{"max_tokens":5}""");
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("messages", (string?)body["error"]!["param"]);
        Assert.Equal("missing_required_parameter", (string?)body["error"]!["code"]);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"n":0}""", "n")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"max_tokens":"ten"}""", "max_tokens")]
    [InlineData("""{"messages":[{"content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"stream_options":{"include_usage":true}}""", "stream_options")]
    public async Task ChatCompletions_InvalidField_Returns400NamingTheField(string json, string param)
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath, json);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (string?)body["error"]!["param"]);
    }

    [Fact]
    public async Task ClassicRoute_WithoutApiVersion_Returns404()
    {
        using var response = await _server.Client.PostAsync("openai/deployments/chat/chat/completions", """{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Resource not found", (string?)(await response.ReadJsonAsync())["error"]!["message"]);
    }

    [Fact]
    public async Task V1Route_WithoutModel_Returns400NamingModel()
    {
        using var response = await _server.Client.PostAsync("openai/v1/chat/completions", """{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("model", (string?)(await response.ReadJsonAsync())["error"]!["param"]);
    }

    [Fact]
    public async Task Embeddings_OnChatDeployment_Returns400OperationNotSupported()
    {
        using var response = await _server.Client.PostAsync("openai/deployments/chat/embeddings?api-version=2024-10-21", """{"input":"Hi"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationNotSupported", (string?)(await response.ReadJsonAsync())["error"]!["code"]);
    }

    [Theory]
    [InlineData("""{"model":"embed"}""", "input")]
    [InlineData("""{"model":"embed","input":""}""", "input")]
    [InlineData("""{"model":"embed","input":"x","dimensions":5000}""", "dimensions")]
    [InlineData("""{"model":"embed","input":"x","encoding_format":"hex"}""", "encoding_format")]
    public async Task Embeddings_InvalidField_Returns400NamingTheField(string json, string param)
    {
        using var response = await _server.Client.PostAsync("v1/embeddings", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (string?)(await response.ReadJsonAsync())["error"]!["param"]);
    }

    [Fact]
    public async Task Responses_MissingInput_Returns400NamingInput()
    {
        using var response = await _server.Client.PostAsync("v1/responses", """{"model":"chat"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("input", (string?)(await response.ReadJsonAsync())["error"]!["param"]);
    }

    [Fact]
    public async Task ChatCompletions_Success_CarriesRequestRegionAndRateLimitHeaders()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath, """{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal("swedencentral", response.Header("x-ms-region"));
        Assert.True(Guid.TryParse(response.Header("x-request-id"), out _));
        Assert.Equal(response.Header("x-request-id"), response.Header("apim-request-id"));
        foreach (var name in new[] { "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens", "x-ratelimit-limit-requests", "x-ratelimit-limit-tokens" })
        {
            Assert.True(long.TryParse(response.Header(name), out _), name);
        }
    }

    [Fact]
    public async Task Completions_PromptArray_ReturnsChoicePerPrompt()
    {
        using var response = await _server.Client.PostAsync("v1/completions", """{"model":"chat","prompt":["a","b"],"max_tokens":2}""");
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body["choices"]!.AsArray().Count);
        Assert.Equal(4, (int)body["usage"]!["completion_tokens"]!);
    }
}
