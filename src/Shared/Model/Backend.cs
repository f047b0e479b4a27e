namespace AiGateway.Shared.Model;

/// <summary>A model endpoint the gateway forwards to: one Azure OpenAI resource, OpenAI, or an OpenAI-compatible server.</summary>
public sealed class Backend : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public BackendKind Kind { get; set; }

    /// <summary>
    /// The endpoint, e.g. <c>https://contoso.openai.azure.com/</c>. A value starting with <c>{self}</c> points to this
    /// process itself (the built-in simulator of the demo), whatever address it listens on.
    /// </summary>
    public required string BaseUrl { get; set; }

    public string? Region { get; set; }
    public BackendTier Tier { get; set; } = BackendTier.Standard;
    public BackendCredentialKind CredentialKind { get; set; } = BackendCredentialKind.ApiKey;

    /// <summary>The backend key as Data Protection ciphertext; never the plain key.</summary>
    public string? ProtectedApiKey { get; set; }

    /// <summary>Client id of a user-assigned managed identity; null means the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The <c>api-version</c> sent to Azure OpenAI backends.</summary>
    public string? ApiVersion { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public List<Deployment> Deployments { get; set; } = [];
}
