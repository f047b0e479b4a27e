using System.Net.Http.Headers;
using System.Text;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Transforms;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Points the outgoing request at the chosen deployment in the backend's own API shape, and swaps the client's
/// credential for the backend's. No client credential or cookie is ever forwarded.
/// </summary>
public sealed class BackendRequestTransform(SelfAddress self, BackendTokenCache tokens)
{
    /// <summary>Headers that carry a client's credentials or session; none may reach a backend.</summary>
    private static readonly string[] ClientCredentialHeaders =
    [
        "Authorization", "api-key", "Cookie", "Proxy-Authorization", "x-api-key", "Ocp-Apim-Subscription-Key",
        "OpenAI-Organization", "OpenAI-Project",
    ];

    public async ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gateway = context.HttpContext.Gateway();
        var attempt = gateway.Attempt!;
        var target = attempt.Target;
        var backend = target.Backend;
        var request = context.ProxyRequest;

        request.RequestUri = new Uri(BuildUrl(self.Resolve(backend.BaseUrl), backend, target, gateway.Operation, context.HttpContext.Request.Query));
        request.Options.Set(BufferedBodyHandler.Body, attempt.Body);
        foreach (var header in ClientCredentialHeaders)
        {
            request.Headers.Remove(header);
        }

        await BackendCredentials.ApplyAsync(request, backend, tokens, context.CancellationToken);
    }

    /// <summary>
    /// Azure backends get the classic deployment path with the backend's api-version (it serves every api-version a
    /// client may have been built for), except the Responses API, which Azure serves on its v1 path. OpenAI and
    /// compatible backends get <c>{base}/{operation}</c>, their base URL ending in <c>/v1</c> as SDKs expect.
    /// </summary>
    internal static string BuildUrl(string baseUrl, BackendEntry backend, AliasTargetEntry target, GatewayOperation operation, IEnumerable<KeyValuePair<string, StringValues>> clientQuery)
    {
        var path = operation switch
        {
            GatewayOperation.ChatCompletions => "chat/completions",
            GatewayOperation.Completions => "completions",
            GatewayOperation.Embeddings => "embeddings",
            GatewayOperation.Responses => "responses",
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        var url = new StringBuilder(baseUrl.Length + 96).Append(baseUrl);
        if (backend.Kind != BackendKind.AzureOpenAI)
        {
            return url.Append('/').Append(path).ToString();
        }

        if (operation == GatewayOperation.Responses)
        {
            return url.Append("/openai/v1/responses").ToString();
        }

        url.Append("/openai/deployments/").Append(Uri.EscapeDataString(target.DeploymentName)).Append('/').Append(path)
            .Append("?api-version=").Append(Uri.EscapeDataString(backend.ApiVersion));
        foreach (var (name, values) in clientQuery)
        {
            if (string.Equals(name, "api-version", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                url.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }

        return url.ToString();
    }
}
