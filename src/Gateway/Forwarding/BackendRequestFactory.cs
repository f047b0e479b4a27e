using System.Text;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Primitives;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Makes a request for one deployment in its backend's own API shape: the body with that deployment's name where
/// the shape needs it, the backend's URL and api-version, and the backend's credential in place of the client's.
/// Forwarding (through YARP) and shadow copies both build their backend requests here. No client credential or
/// cookie is ever forwarded.
/// </summary>
public sealed class BackendRequestFactory(SelfAddress self, BackendTokenCache tokens)
{
    /// <summary>Headers that carry a client's credentials or session; none may reach a backend.</summary>
    internal static readonly string[] ClientCredentialHeaders =
    [
        "Authorization", "api-key", "Cookie", "Proxy-Authorization", "x-api-key", "Ocp-Apim-Subscription-Key",
        "OpenAI-Organization", "OpenAI-Project",
    ];

    /// <summary>
    /// The body <paramref name="target"/> gets. On the v1 shape the body names the model, and each deployment is
    /// called by its own name; on the Azure classic shape the name is in the path and the body goes as it is.
    /// </summary>
    public static ReadOnlyMemory<byte> BodyFor(GatewayRequestContext gateway, AliasTargetEntry target)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(target);
        var body = gateway.Forward.Body;
        return gateway.Surface == GatewaySurface.AzureClassic
            ? body
            : RequestRewriter.Rewrite(body, new RewriteInstructions(target.DeploymentName, false, null, gateway.Operation));
    }

    /// <summary>Points <paramref name="request"/> at the deployment and swaps the client's credential for the backend's.</summary>
    public async ValueTask PrepareAsync(
        HttpRequestMessage request,
        AliasTargetEntry target,
        GatewayOperation operation,
        IEnumerable<KeyValuePair<string, StringValues>> clientQuery,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var backend = target.Backend;
        request.RequestUri = new Uri(BuildUrl(self.Resolve(backend.BaseUrl), backend, target, operation, clientQuery));
        foreach (var header in ClientCredentialHeaders)
        {
            request.Headers.Remove(header);
        }

        await BackendCredentials.ApplyAsync(request, backend, tokens, ct);
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
