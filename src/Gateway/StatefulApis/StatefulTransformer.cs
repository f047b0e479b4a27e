using System.Net.Http.Headers;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// YARP's transform for one stateful call: the exact backend URL, the backend's credential in place of the client's,
/// the client's body streamed through (file uploads) or as the gateway read it; on the way back
/// the backend's identity and rate-limit headers removed, <c>operation-location</c> pointed at the gateway, and a
/// small JSON answer read when the gateway must learn ids from it.
/// </summary>
internal sealed class StatefulTransformer(
    string url,
    string backendBase,
    BackendEntry backend,
    BackendTokenCache tokens,
    bool readAnswer) : HttpTransformer
{
    /// <summary>The largest answer read for its ids; a larger one passes through unread.</summary>
    internal const int MaxReadBytes = 8 * 1024 * 1024;

    /// <summary>The answer's body, when it was read (2xx JSON of a call that reads its answer).</summary>
    public byte[]? Answer { get; private set; }

    /// <summary>The backend's <c>operation-location</c>, as it sent it.</summary>
    public string? OperationLocation { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = new Uri(url);
        proxyRequest.Headers.Host = null;
        foreach (var header in BackendRequestFactory.ClientCredentialHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        foreach (var header in GatewayTransformProvider.ClientForwardingHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        await BackendCredentials.ApplyAsync(proxyRequest, backend, tokens, cancellationToken);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null)
        {
            return proceed;
        }

        var headers = httpContext.Response.Headers;
        foreach (var name in GatewayTransformProvider.BackendIdentityHeaders)
        {
            headers.Remove(name);
        }

        foreach (var name in headers.Keys.Where(n => n.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        if (headers.TryGetValue("operation-location", out var location) && location.ToString() is { Length: > 0 } original)
        {
            OperationLocation = original;
            headers["operation-location"] = StatefulBackendUrl.RewriteOperationLocation(original, backendBase, httpContext.Request);
        }

        if (readAnswer && proxyResponse.IsSuccessStatusCode && IsJson(proxyResponse.Content.Headers.ContentType)
            && proxyResponse.Content.Headers.ContentLength is null or <= MaxReadBytes)
        {
            Answer = await proxyResponse.Content.ReadAsByteArrayAsync(cancellationToken);
            var content = new ByteArrayContent(Answer);
            foreach (var header in proxyResponse.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            proxyResponse.Content = content;
        }

        return proceed;
    }

    private static bool IsJson(MediaTypeHeaderValue? type) =>
        type?.MediaType is { } media && media.Contains("json", StringComparison.OrdinalIgnoreCase);
}
