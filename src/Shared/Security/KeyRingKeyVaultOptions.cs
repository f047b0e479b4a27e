namespace AiGateway.Shared.Security;

/// <summary>A certificate in Azure Key Vault, read with <c>DefaultAzureCredential</c> (the managed identity in Azure).</summary>
public sealed class KeyRingKeyVaultOptions
{
    /// <summary><c>DataProtection:KeyVault:VaultUri</c>, for example <c>https://my-vault.vault.azure.net/</c>.</summary>
    public string? VaultUri { get; set; }

    /// <summary><c>DataProtection:KeyVault:CertificateName</c>: its latest version protects new keys.</summary>
    public string? CertificateName { get; set; }
}
