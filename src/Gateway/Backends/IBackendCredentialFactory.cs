using Azure.Core;

namespace AiGateway.Gateway.Backends;

/// <summary>Makes the Entra credential a backend's managed identity uses; tests substitute a fake.</summary>
public interface IBackendCredentialFactory
{
    /// <param name="managedIdentityClientId">A user-assigned identity's client id, or null for the default identity.</param>
    TokenCredential Create(string? managedIdentityClientId);
}
