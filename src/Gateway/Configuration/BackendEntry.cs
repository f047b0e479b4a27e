using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Configuration;

/// <summary>A backend with its credential already decrypted, so the request path never touches the database or the key ring.</summary>
public sealed record BackendEntry(
    Guid Id,
    string Name,
    BackendKind Kind,
    string BaseUrl,
    string? Region,
    BackendTier Tier,
    BackendCredentialKind CredentialKind,
    string? ApiKey,
    string? ManagedIdentityClientId,
    string ApiVersion)
{
    /// <summary>The destination id YARP knows this backend by.</summary>
    public string DestinationId { get; } = Id.ToString("N");

    /// <summary>Redacts the key, so a snapshot logged by accident leaks nothing.</summary>
    public override string ToString() => $"Backend {Name} ({Kind}, {Tier}, {Region}) {BaseUrl}";
}
