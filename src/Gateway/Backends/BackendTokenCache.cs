using System.Collections.Concurrent;
using Azure.Core;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Entra tokens for backends that use a managed identity, one per identity, refreshed five minutes before they
/// expire so no request waits on Entra except the very first.
/// </summary>
public sealed class BackendTokenCache(IBackendCredentialFactory credentials, TimeProvider clock)
{
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<string> GetTokenAsync(string? managedIdentityClientId, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(managedIdentityClientId ?? "", id => new Entry(credentials.Create(id.Length == 0 ? null : id)));
        var token = entry.Token;
        if (token is { } current && current.ExpiresOn - RefreshMargin > clock.GetUtcNow())
        {
            return current.Token;
        }

        await entry.Refresh.WaitAsync(ct);
        try
        {
            // Another request may have refreshed it while this one waited.
            if (entry.Token is { } fresh && fresh.ExpiresOn - RefreshMargin > clock.GetUtcNow())
            {
                return fresh.Token;
            }

            var acquired = await entry.Credential.GetTokenAsync(new TokenRequestContext([CognitiveServicesScope]), ct);
            entry.Token = acquired;
            return acquired.Token;
        }
        finally
        {
            entry.Refresh.Release();
        }
    }

    private sealed class Entry(TokenCredential credential)
    {
        public TokenCredential Credential { get; } = credential;
        public SemaphoreSlim Refresh { get; } = new(1, 1);
        public AccessToken? Token { get; set; }
    }
}
