using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services;
using Azure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Sends one tiny real request (a chat completion of at most one token, or an embedding of one word) to a deployment
/// through its backend's own URL shape and credential, as the gateway would, so an admin sees at once whether the
/// address, the deployment name and the key are right. The URL comes from the gateway's own
/// <see cref="BackendRequestFactory.BuildUrl"/>, <c>{self}</c> from <see cref="SelfAddress"/>, and Entra tokens from
/// <see cref="BackendTokenCache"/>. Disabled backends and deployments can be tested too, before they take traffic.
/// </summary>
public sealed class BackendConnectionTester(
    IDbContextFactory<PortalDbContext> dbFactory,
    BackendSecretProtector secrets,
    SelfAddress self,
    BackendTokenCache tokens,
    IHttpClientFactory httpClients,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock)
{
    public const string HttpClientName = "AiGateway.BackendConnectionTest";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const int MaxMessageLength = 300;

    public async Task<ConnectionTestResult> TestAsync(Guid deploymentId, CancellationToken ct = default)
    {
        Deployment deployment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            deployment = await db.Deployments.AsNoTracking().Include(d => d.Backend).FirstOrDefaultAsync(d => d.Id == deploymentId, ct)
                ?? throw new EntityNotFoundException("Deployment", deploymentId);
        }

        var backend = deployment.Backend!;
        var apiKey = backend.CredentialKind == BackendCredentialKind.ApiKey ? secrets.TryUnprotect(backend.ProtectedApiKey) : null;
        if (backend.CredentialKind == BackendCredentialKind.ApiKey && apiKey is null)
        {
            return new(false, null, TimeSpan.Zero, "The backend's stored key cannot be read (none was set, or the key ring changed); enter the key again.");
        }

        var entry = new BackendEntry(
            backend.Id, backend.Name, backend.Kind, backend.BaseUrl.TrimEnd('/'), backend.Region, backend.Tier, backend.CredentialKind,
            apiKey, backend.ManagedIdentityClientId, backend.ApiVersion ?? options.CurrentValue.DefaultApiVersion);
        var target = new AliasTargetEntry(deployment.Id, deployment.Name, deployment.Model, entry, Weight: 1, Tier: 0);
        var operation = IsEmbeddingModel(deployment.Model) ? GatewayOperation.Embeddings : GatewayOperation.ChatCompletions;

        var started = clock.GetTimestamp();
        try
        {
            var url = BackendRequestFactory.BuildUrl(self.Resolve(entry.BaseUrl), entry, target, operation, []);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(Body(entry, deployment, operation)) };
            await BackendCredentials.ApplyAsync(request, entry, tokens, ct);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var latency = clock.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new(true, status, latency, $"{status} {response.ReasonPhrase}: {Describe(operation)} answered.")
                : new(false, status, latency, Shorten($"{status} {response.ReasonPhrase}: {ErrorMessage(body)}"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, null, clock.GetElapsedTime(started), $"No answer within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            return new(false, null, clock.GetElapsedTime(started), Shorten($"Could not reach the backend: {e.Message}"));
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException)
        {
            return new(false, null, clock.GetElapsedTime(started), Shorten($"Could not get an Entra token for the backend: {e.Message}"));
        }
        catch (InvalidOperationException e) when (backend.BaseUrl.StartsWith(SelfAddress.Token, StringComparison.Ordinal))
        {
            return new(false, null, clock.GetElapsedTime(started), Shorten(e.Message));
        }
    }

    /// <summary>Embedding deployments reject chat requests, so they get an embeddings request instead.</summary>
    public static bool IsEmbeddingModel(string model) => model.Contains("embedding", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, object> Body(BackendEntry backend, Deployment deployment, GatewayOperation operation)
    {
        var body = operation == GatewayOperation.Embeddings
            ? new Dictionary<string, object> { ["input"] = "ping" }
            : new Dictionary<string, object>
            {
                ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "ping" } },
                ["max_tokens"] = 1,
            };
        if (backend.Kind != BackendKind.AzureOpenAI)
        {
            // OpenAI and compatible servers take the model from the body; the deployment's name is what they know it by.
            body["model"] = deployment.Name;
        }

        return body;
    }

    private static string Describe(GatewayOperation operation) =>
        operation == GatewayOperation.Embeddings ? "an embeddings request" : "a one-token chat completion";

    /// <summary>The <c>error.message</c> of an OpenAI-shaped error body, or the start of whatever else came back.</summary>
    private static string ErrorMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "the backend sent no details.";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): show its start.
        }

        return body;
    }

    private static string Shorten(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 1), "…");
}
