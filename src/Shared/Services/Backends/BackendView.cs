using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Backends;

/// <summary>A backend as the portal and API show it: whether it has a key, never the key.</summary>
public sealed record BackendView(
    Guid Id,
    string Name,
    BackendKind Kind,
    string BaseUrl,
    string? Region,
    BackendTier Tier,
    BackendCredentialKind CredentialKind,
    bool HasApiKey,
    string? ManagedIdentityClientId,
    string? ApiVersion,
    bool Enabled,
    DateTimeOffset CreatedAt)
{
    public static BackendView From(Backend b) => new(
        b.Id, b.Name, b.Kind, b.BaseUrl, b.Region, b.Tier, b.CredentialKind, !string.IsNullOrEmpty(b.ProtectedApiKey),
        b.ManagedIdentityClientId, b.ApiVersion, b.Enabled, b.CreatedAt);
}
