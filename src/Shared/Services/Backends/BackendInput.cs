using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Backends;

public sealed record BackendInput
{
    public string? Name { get; init; }
    public BackendKind Kind { get; init; } = BackendKind.AzureOpenAI;
    public string? BaseUrl { get; init; }
    public string? Region { get; init; }
    public BackendTier Tier { get; init; } = BackendTier.Standard;
    public BackendCredentialKind CredentialKind { get; init; } = BackendCredentialKind.ApiKey;

    /// <summary>Write-only. On update, null keeps the stored key; a value replaces it.</summary>
    public string? ApiKey { get; init; }

    public string? ManagedIdentityClientId { get; init; }
    public string? ApiVersion { get; init; }
    public bool Enabled { get; init; } = true;
}
