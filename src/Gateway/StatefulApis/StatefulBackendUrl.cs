using System.Text;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Where a stateful call goes on its backend, in the shape the client used: the v1 shape (<c>/v1</c>,
/// <c>/openai/v1</c>) becomes Azure's <c>/openai/v1/{path}</c> or an OpenAI backend's <c>{base}/{path}</c>; the Azure
/// shape with api-version (<c>/openai/{path}</c>) keeps the client's api-version, or the backend's when it sent none.
/// </summary>
public static class StatefulBackendUrl
{
    public static string Build(string baseUrl, BackendEntry backend, GatewaySurface surface, string path, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(query);
        var url = new StringBuilder(baseUrl.Length + path.Length + 64).Append(baseUrl.TrimEnd('/'));
        var azure = backend.Kind == BackendKind.AzureOpenAI;
        var classic = surface == GatewaySurface.AzureClassic;
        if (azure)
        {
            url.Append(classic ? "/openai/" : "/openai/v1/");
        }
        else
        {
            url.Append('/');
        }

        url.Append(path);
        var separator = '?';
        if (azure && classic)
        {
            var version = query.TryGetValue("api-version", out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : backend.ApiVersion;
            url.Append("?api-version=").Append(Uri.EscapeDataString(version));
            separator = '&';
        }

        foreach (var (name, values) in query)
        {
            if (string.Equals(name, "api-version", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                separator = '&';
            }
        }

        return url.ToString();
    }

    /// <summary>
    /// A backend's <c>operation-location</c> pointed at the gateway: the same path and query under the address the
    /// client called, so the client polls through the gateway (which sends the poll to the owner).
    /// </summary>
    public static string RewriteOperationLocation(string location, string backendBase, HttpRequest clientRequest)
    {
        ArgumentNullException.ThrowIfNull(clientRequest);
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri))
        {
            return location;
        }

        var pathAndQuery = uri.PathAndQuery;
        if (Uri.TryCreate(backendBase, UriKind.Absolute, out var b) && b.AbsolutePath.Length > 1
            && pathAndQuery.StartsWith(b.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal))
        {
            pathAndQuery = pathAndQuery[b.AbsolutePath.TrimEnd('/').Length..];
        }

        return string.Concat(clientRequest.Scheme, "://", clientRequest.Host.Value, clientRequest.PathBase.Value, pathAndQuery);
    }
}
