using System.Net.Http.Headers;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Puts a backend's own credential on a request to it: its API key in the header its kind expects, or an Entra token
/// for its managed identity. The one rule for forwarded requests, connection tests and shadow copies alike.
/// </summary>
public static class BackendCredentials
{
    public static async ValueTask ApplyAsync(HttpRequestMessage request, BackendEntry backend, BackendTokenCache tokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(tokens);
        switch (backend.CredentialKind)
        {
            case BackendCredentialKind.ApiKey when backend.ApiKey is not null:
                if (backend.Kind == BackendKind.AzureOpenAI)
                {
                    request.Headers.TryAddWithoutValidation("api-key", backend.ApiKey);
                }
                else
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", backend.ApiKey);
                }

                break;
            case BackendCredentialKind.ManagedIdentity:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(backend.ManagedIdentityClientId, ct));
                break;
        }
    }
}
