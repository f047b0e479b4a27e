namespace AiGateway.Shared.Security;

/// <summary>
/// One earlier certificate that still decrypts keys: a file (<c>Path</c>, <c>Password</c>, <c>KeyPath</c>), or a
/// certificate in the configured Key Vault (<c>CertificateName</c>, and <c>Version</c> for a version before the latest).
/// </summary>
public sealed class KeyRingDecryptionCertificateOptions : KeyRingCertificateFileOptions
{
    public string? CertificateName { get; set; }

    public string? Version { get; set; }
}
