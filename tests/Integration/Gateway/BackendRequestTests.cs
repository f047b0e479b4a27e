using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Gateway.Forwarding;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// What reaches the backend: the chosen deployment in the backend's own API shape and api-version, the backend's
/// credential, and none of the client's.
/// </summary>
public sealed class BackendRequestTests : GatewayTestBase
{
    private const string Alias = "recorded";
    private const string DeploymentName = "gpt-4o-mini-prod";
    private const string BackendSecret = "backend-secret-never-from-the-client";
    private RecordingBackend _backend = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _backend = await RecordingBackend.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task AzureBackend_ClassicCall_GetsItsDeploymentItsApiVersionAndOnlyItsOwnKey()
    {
        await AddRecordedAliasAsync("AzureOpenAI", _backend.BaseAddress.ToString(), "2025-01-01-preview");
        const string body = """{"messages":[{"role":"user","content":"hi"}],"max_tokens":3}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/openai/deployments/{Alias}/chat/completions?api-version=2023-05-15&trace=on")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", "session=secret-cookie");
        request.Headers.Add("x-api-key", "another-client-secret");
        request.Headers.Add("OpenAI-Organization", "org-client");

        using var response = await Client.SendAsync(request, Ct);

        await ReadJsonAsync(response, HttpStatusCode.OK);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal($"/openai/deployments/{DeploymentName}/chat/completions", seen.Path);
        Assert.Equal("?api-version=2025-01-01-preview&trace=on", seen.Query);
        Assert.Equal(BackendSecret, seen.Headers["api-key"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"));
        Assert.False(seen.Headers.ContainsKey("Cookie"));
        Assert.False(seen.Headers.ContainsKey("x-api-key"));
        Assert.False(seen.Headers.ContainsKey("OpenAI-Organization"));
        Assert.DoesNotContain(Key, string.Join("\n", seen.Headers.Values), StringComparison.Ordinal);
        Assert.Equal(body, seen.Body);
        Assert.Equal("application/json; charset=utf-8", seen.Headers["Content-Type"]);
        Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), seen.Headers["Content-Length"]);
        Assert.False(seen.Headers.ContainsKey("Transfer-Encoding"));
    }

    [Fact]
    public async Task ForwarderClients_SendTheBodyTheGatewayHolds_NotTheStreamYarpWouldCopy()
    {
        var clients = Gateway.Services.GetRequiredService<IForwarderHttpClientFactory>();
        using var client = clients.CreateClient(new ForwarderHttpClientContext { ClusterId = "test", NewConfig = HttpClientConfig.Empty });
        const string body = """{"messages":[{"role":"user","content":"checked"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_backend.BaseAddress, "/openai/deployments/d/chat/completions"))
        {
            // Stands in for YARP's streaming copy of the client's body.
            Content = new StringContent("the stream YARP would copy", Encoding.UTF8, "application/json"),
        };
        request.Options.Set(BufferedBodyHandler.Body, Encoding.UTF8.GetBytes(body));

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal(body, seen.Body);
        Assert.Equal("application/json; charset=utf-8", seen.Headers["Content-Type"]);
    }

    [Fact]
    public async Task OpenAICompatibleBackend_V1Call_GetsTheDeploymentAsModelAndABearerKey()
    {
        await AddRecordedAliasAsync("OpenAICompatible", _backend.BaseAddress + "v1", null);
        using var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Key);

        using var response = await ChatAsync(client, new { model = Alias, messages = new[] { new { role = "user", content = "hi" } } });

        await ReadJsonAsync(response, HttpStatusCode.OK);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal("/v1/chat/completions", seen.Path);
        Assert.Equal($"Bearer {BackendSecret}", seen.Headers["Authorization"]);
        Assert.False(seen.Headers.ContainsKey("api-key"));
        Assert.Equal(DeploymentName, JsonDocument.Parse(seen.Body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task BackendRateLimitHeaders_AreNotPassedOn_AndTheAnswerIsExplained()
    {
        await AddRecordedAliasAsync("AzureOpenAI", _backend.BaseAddress.ToString(), null);

        using var response = await ChatAsync(body: new { model = Alias, messages = new[] { new { role = "user", content = "hi" } } });

        await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("x-ratelimit-remaining-tokens"));
        Assert.Equal(Alias, Header(response, "x-gateway-alias"));
        Assert.Equal(DeploymentName, Header(response, "x-gateway-deployment"));
        Assert.Equal("recorder", Header(response, "x-gateway-backend"));
        Assert.Equal("1", Header(response, "x-gateway-attempts"));
    }

    [Fact]
    public async Task ClientForwardingHeaders_AreNotPassedToTheBackend()
    {
        await AddRecordedAliasAsync("AzureOpenAI", _backend.BaseAddress.ToString(), null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{Alias}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
        request.Headers.Add("X-Forwarded-Host", "client.internal.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Prefix", "/internal");
        request.Headers.Add("Forwarded", "for=203.0.113.7;host=client.internal.example;proto=https");
        request.Headers.Add("X-Real-IP", "203.0.113.7");
        request.Headers.Add("x-ms-client-request-id", "client-correlation");

        using var response = await Client.SendAsync(request, Ct);

        await ReadJsonAsync(response, HttpStatusCode.OK);
        var seen = Assert.Single(_backend.Requests);
        foreach (var name in new[] { "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded", "X-Real-IP" })
        {
            Assert.False(seen.Headers.ContainsKey(name), $"The backend received {name}: {seen.Headers.GetValueOrDefault(name)}");
        }

        Assert.DoesNotContain("203.0.113.7", string.Join("\n", seen.Headers.Values), StringComparison.Ordinal);
        Assert.Equal("client-correlation", seen.Headers["x-ms-client-request-id"]);
    }

    [Fact]
    public async Task BackendIdentifyingHeaders_AreNotPassedToTheClient()
    {
        await AddRecordedAliasAsync("AzureOpenAI", _backend.BaseAddress.ToString(), null);

        using var response = await ChatAsync(body: new { model = Alias, messages = new[] { new { role = "user", content = "hi" } } });

        await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Empty(response.Headers.Server);
        foreach (var name in new[] { "x-powered-by", "openai-organization", "openai-project", "x-ms-region", "x-ms-deployment-name", "azureml-model-session" })
        {
            Assert.False(response.Headers.Contains(name), $"The client received the backend's {name}: {Header(response, name)}");
        }

        // Opaque ids and timings describe the answer, not the backend: support cases with the provider quote them.
        Assert.Equal(RecordingBackend.ApimRequestId, Header(response, "apim-request-id"));
        Assert.Equal("12", Header(response, "openai-processing-ms"));
    }

    private async Task AddRecordedAliasAsync(string kind, string baseUrl, string? apiVersion)
    {
        var backend = await CreateAsync("/api/admin/backends", new
        {
            name = "recorder",
            kind,
            baseUrl,
            region = "westeurope",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = BackendSecret,
            apiVersion,
        });
        var deployment = await CreateDeploymentAsync(backend, DeploymentName, "gpt-4o-mini");
        await CreateAsync("/api/admin/aliases", new { name = Alias, targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        await Gateway.ReloadAsync();
    }
}
