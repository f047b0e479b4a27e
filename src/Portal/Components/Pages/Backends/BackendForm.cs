using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;

namespace AiGateway.Portal.Components.Pages.Backends;

/// <summary>The backend dialog's editable fields. The API key starts blank, always: it is write-only.</summary>
public sealed class BackendForm
{
    public string? Name { get; set; }
    public BackendKind Kind { get; set; } = BackendKind.AzureOpenAI;
    public string? BaseUrl { get; set; }
    public string? Region { get; set; }
    public BackendTier Tier { get; set; } = BackendTier.Standard;
    public BackendCredentialKind CredentialKind { get; set; } = BackendCredentialKind.ApiKey;
    public string? ApiKey { get; set; }
    public string? ManagedIdentityClientId { get; set; }
    public string? ApiVersion { get; set; }
    public bool Enabled { get; set; } = true;

    public static BackendForm From(BackendView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Name = view.Name,
            Kind = view.Kind,
            BaseUrl = view.BaseUrl,
            Region = view.Region,
            Tier = view.Tier,
            CredentialKind = view.CredentialKind,
            ManagedIdentityClientId = view.ManagedIdentityClientId,
            ApiVersion = view.ApiVersion,
            Enabled = view.Enabled,
        };
    }

    /// <summary>A blank key becomes null, which the service reads as "keep the stored key".</summary>
    public BackendInput ToInput() => new()
    {
        Name = Name,
        Kind = Kind,
        BaseUrl = BaseUrl,
        Region = Region,
        Tier = Tier,
        CredentialKind = CredentialKind,
        ApiKey = string.IsNullOrEmpty(ApiKey) ? null : ApiKey,
        ManagedIdentityClientId = CredentialKind == BackendCredentialKind.ManagedIdentity ? ManagedIdentityClientId : null,
        ApiVersion = Kind == BackendKind.AzureOpenAI ? ApiVersion : null,
        Enabled = Enabled,
    };

    /// <summary>The same backend with only its enabled flag changed; its key is kept.</summary>
    public static BackendInput WithEnabled(BackendView view, bool enabled) => From(view).ToInput() with { Enabled = enabled };
}
