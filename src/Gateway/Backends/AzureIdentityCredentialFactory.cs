using Azure.Core;
using Azure.Identity;

namespace AiGateway.Gateway.Backends;

/// <summary>Managed identity in Azure (system- or user-assigned); the developer's own sign-in elsewhere.</summary>
public sealed class AzureIdentityCredentialFactory : IBackendCredentialFactory
{
    public TokenCredential Create(string? managedIdentityClientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });
}
