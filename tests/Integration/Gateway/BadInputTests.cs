using System.Net;
using System.Net.Http.Json;
using System.Text;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Each client mistake gets its documented status and an OpenAI-style error body that says what is wrong, and the
/// backend never sees the request.
/// </summary>
public sealed class BadInputTests() : GatewayTestBase(new Dictionary<string, string?>
{
    ["Gateway:Compliance:MaxRequestBodyBytes"] = "4096",
    ["Gateway:Compliance:DisallowedParameters:0"] = "logit_bias",
})
{
    [Fact]
    public async Task NoCredential_Is401()
    {
        using var anonymous = Gateway.CreateClient();

        using var response = await ChatAsync(anonymous);

        var error = await ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task UnknownRevokedExpiredAndMalformedKeys_All401WithTheSameBody()
    {
        var (revokedId, revoked) = await IssueKeyAsync(TeamId);
        (await Admin.PostAsync($"/api/admin/keys/{revokedId}/revoke", null, Ct)).EnsureSuccessStatusCode();
        var (_, expiring) = await IssueKeyAsync(TeamId, new { name = "short-lived", expiresAt = Gateway.Clock.GetUtcNow().AddHours(1) });
        await Gateway.ReloadAsync();
        Gateway.Clock.Advance(TimeSpan.FromHours(1));
        var unknown = Key[..^4] + "zzzz";

        var bodies = new List<string>();
        foreach (var key in new[] { unknown, revoked, expiring, "not-a-gateway-key" })
        {
            using var client = Gateway.CreateGatewayClient(key);
            using var response = await ChatAsync(client);
            await ErrorAsync(response, HttpStatusCode.Unauthorized);
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Single(bodies.Distinct());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task MalformedJson_Is400()
    {
        using var response = await PostRawAsync("/v1/chat/completions", "{\"model\": \"chat\", \"messages\": [", "application/json");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public async Task InvalidUtf8InAMessage_Is400WithAnOpenAIError(byte[] invalid)
    {
        // Bytes that are not UTF-8 (a broken sequence, a byte UTF-8 never uses, an encoded surrogate, a cut sequence)
        // inside a string the gateway itself never reads: only a check of the whole body catches them.
        byte[] body = [.. "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"caf"u8, .. invalid, .. "\"}]}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await Client.PostAsync("/v1/chat/completions", content, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task MissingModel_Is400NamingTheField()
    {
        using var response = await ChatAsync(body: new { messages = new[] { new { role = "user", content = "hi" } } });

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("model", error.GetProperty("param").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task UnknownAlias_Is404_OnBothShapes()
    {
        using var v1 = await ChatAsync(body: new { model = "gpt-5-nonexistent", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal("model_not_found", (await ErrorAsync(v1, HttpStatusCode.NotFound)).GetProperty("code").GetString());

        using var classic = await Client.PostAsJsonAsync(
            "/openai/deployments/gpt-5-nonexistent/chat/completions?api-version=2024-10-21",
            new { messages = new[] { new { role = "user", content = "hi" } } }, Ct);
        Assert.Equal("DeploymentNotFound", (await ErrorAsync(classic, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task WrongContentType_Is400()
    {
        using var response = await PostRawAsync("/v1/chat/completions", "model=chat", "application/x-www-form-urlencoded");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_content_type", error.GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedBody_Is413_WithOrWithoutContentLength(bool sendLength)
    {
        var json = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 8000) + "\"}]}";
        // Without a length (chunked transfer) the gateway must stop reading at its bound, not trust a length it was never told.
        HttpContent content = sendLength ? new StringContent(json, Encoding.UTF8, "application/json") : new ChunkedContent(json);
        content.Headers.ContentType = new("application/json");

        using var response = await Client.PostAsync("/v1/chat/completions", content, Ct);

        Assert.Equal("request_too_large", (await ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge)).GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task TooManyChoices_Is400NamingN()
    {
        using var response = await ChatAsync(body: new { model = ChatAlias, n = 20, messages = new[] { new { role = "user", content = "hi" } } });

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("n", error.GetProperty("param").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task DisallowedParameter_Is400NamingIt()
    {
        using var response = await ChatAsync(body: new { model = ChatAlias, logit_bias = new Dictionary<string, int> { ["50256"] = -100 }, messages = new[] { new { role = "user", content = "hi" } } });

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("logit_bias", error.GetProperty("param").GetString());
        Assert.Equal("false", Header(response, "x-should-retry"));
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task AliasOutsideTheKeysScope_Is403()
    {
        var (_, embeddingsOnly) = await IssueKeyAsync(TeamId, new { name = "embeddings-only", allowedAliases = new[] { EmbeddingsAlias } });
        await Gateway.ReloadAsync();
        using var client = Gateway.CreateGatewayClient(embeddingsOnly);

        using var response = await ChatAsync(client);

        var error = await ErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("model_not_allowed", error.GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task UnknownOperation_Is404()
    {
        using var response = await Client.PostAsJsonAsync("/v1/images/generations", new { model = ChatAlias, prompt = "a cat" }, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("unknown_url", error.GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task WrongMethod_Is405WithAnOpenAIErrorBody()
    {
        using var response = await Client.GetAsync("/v1/chat/completions", Ct);

        var error = await ErrorAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task UnknownPathUnderOpenAI_Is404WithAnOpenAIErrorBody()
    {
        using var response = await Client.PostAsJsonAsync("/openai/widgets", new { model = ChatAlias }, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("unknown_url", error.GetProperty("code").GetString());
        await AssertBackendSawNothingAsync();
    }

    [Fact]
    public async Task MaxTokensAboveTheTeamsCap_IsClampedToTheCap()
    {
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = TeamId, maxTokensPerRequest = 6 });
        await Gateway.ReloadAsync();

        using var response = await ChatAsync(body: new { model = ChatAlias, max_tokens = 500, messages = new[] { new { role = "user", content = "hi" } } });

        var body = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(6, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task EveryAnswer_CarriesARequestId_ErrorsIncluded()
    {
        using var ok = await ChatAsync();
        using var refused = await ChatAsync(body: new { model = "nope", messages = Array.Empty<object>() });

        Assert.Matches("^[0-9a-f]{32}$", Header(ok, "x-request-id"));
        Assert.Matches("^[0-9a-f]{32}$", Header(refused, "x-request-id"));
        Assert.NotEqual(Header(ok, "x-request-id"), Header(refused, "x-request-id"));
    }

    private Task<HttpResponseMessage> PostRawAsync(string url, string body, string contentType) =>
        Client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType), Ct);

    private async Task AssertBackendSawNothingAsync() => Assert.Equal(0, await Simulator.TotalRequestsAsync());

    /// <summary>A body sent without Content-Length.</summary>
    private sealed class ChunkedContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
