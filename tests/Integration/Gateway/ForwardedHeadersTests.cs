using System.Net;
using System.Text;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// With <c>Gateway:ForwardedHeaders</c> set, the backend gets forwarding headers the gateway wrote from what it knows
/// of the connection, never the ones a client sent.
/// </summary>
public sealed class ForwardedHeadersTests() : GatewayTestBase(new Dictionary<string, string?> { ["Gateway:ForwardedHeaders"] = "XForwarded" })
{
    private const string Alias = "recorded";
    private RecordingBackend _backend = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _backend = await RecordingBackend.StartAsync();
        var backend = await CreateAsync("/api/admin/backends", new
        {
            name = "recorder",
            kind = "AzureOpenAI",
            baseUrl = _backend.BaseAddress.ToString(),
            region = "westeurope",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = "backend-secret",
        });
        var deployment = await CreateDeploymentAsync(backend, "gpt-4o-mini-prod", "gpt-4o-mini");
        await CreateAsync("/api/admin/aliases", new { name = Alias, targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        await Gateway.ReloadAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task XForwardedConfigured_BackendGetsTheGatewaysViewNotTheClients()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{Alias}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Host", "client.internal.example");
        request.Headers.Add("Forwarded", "for=203.0.113.7");

        using var response = await Client.SendAsync(request, Ct);

        await ReadJsonAsync(response, HttpStatusCode.OK);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
        Assert.Equal(Gateway.BaseAddress.Authority, seen.Headers["X-Forwarded-Host"]);
        Assert.False(seen.Headers.ContainsKey("Forwarded"));
    }
}
