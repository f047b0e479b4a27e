using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;

namespace AiGateway.Shared.Security;

/// <summary>
/// Downloads a key ring certificate with its private key from Azure Key Vault at start, signed in with
/// <c>DefaultAzureCredential</c>. The identity needs to read the certificate and its secret (the built-in role
/// "Key Vault Certificate User"). Azure.Extensions.AspNetCore.DataProtection.Keys (a Key Vault key wrapping the key
/// ring) would avoid holding the private key in memory, but that package is not available to this build; a Key
/// Vault certificate gives the same protection at rest.
/// </summary>
public static class KeyRingKeyVaultCertificate
{
    public static X509Certificate2 Download(KeyRingKeyVaultOptions vault, string certificateName, string? version, string setting)
    {
        ArgumentNullException.ThrowIfNull(vault);
        if (!Uri.TryCreate(vault.VaultUri, UriKind.Absolute, out var vaultUri) || vaultUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new KeyRingCertificateException($"{KeyRingProtectionOptions.SectionName}:KeyVault:VaultUri must be the vault's https URI, for example https://my-vault.vault.azure.net/.");
        }

        if (string.IsNullOrWhiteSpace(certificateName))
        {
            throw new KeyRingCertificateException($"{setting} is empty: name the certificate in {vaultUri.Host}.");
        }

        try
        {
            var client = new CertificateClient(vaultUri, new DefaultAzureCredential());
            var options = new DownloadCertificateOptions(certificateName)
            {
                Version = string.IsNullOrWhiteSpace(version) ? null : version,
                KeyStorageFlags = X509KeyStorageFlags.EphemeralKeySet,
            };
            var certificate = client.DownloadCertificate(options).Value;
            return KeyRingCertificateFile.RequirePrivateKey(certificate, setting);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException or InvalidOperationException)
        {
            throw new KeyRingCertificateException($"{setting}: the certificate '{certificateName}' could not be downloaded from {vaultUri.Host}: {e.Message}", e);
        }
    }
}
