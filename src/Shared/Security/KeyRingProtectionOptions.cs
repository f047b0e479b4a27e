namespace AiGateway.Shared.Security;

/// <summary>
/// Settings under <c>DataProtection</c>: the certificate that encrypts the Data Protection key ring at rest. The key
/// ring lives in the database beside the backend keys it protects; without a certificate, a copy of the database is
/// enough to decrypt those keys and to forge a portal cookie.
/// </summary>
public sealed class KeyRingProtectionOptions
{
    public const string SectionName = "DataProtection";

    /// <summary><c>DataProtection:Certificate</c>: a certificate file (PFX with <c>Password</c>, or PEM with <c>KeyPath</c>).</summary>
    public KeyRingCertificateFileOptions Certificate { get; set; } = new();

    /// <summary><c>DataProtection:KeyVault</c>: a certificate held in Azure Key Vault, downloaded at start.</summary>
    public KeyRingKeyVaultOptions KeyVault { get; set; } = new();

    /// <summary>
    /// <c>DataProtection:AdditionalDecryptionCertificates</c>: earlier certificates, kept so keys they protected still
    /// decrypt after a rotation. New keys are always protected with the current certificate.
    /// </summary>
    public List<KeyRingDecryptionCertificateOptions> AdditionalDecryptionCertificates { get; set; } = [];

    /// <summary>
    /// <c>DataProtection:AllowUnprotectedKeyRing</c>: accept a key ring stored in plain text in Production (a demo, or
    /// a database nobody else can ever read). Without it, Production refuses to start unprotected.
    /// </summary>
    public bool AllowUnprotectedKeyRing { get; set; }

    public bool HasFileCertificate => !string.IsNullOrWhiteSpace(Certificate.Path);

    public bool HasKeyVaultCertificate => !string.IsNullOrWhiteSpace(KeyVault.VaultUri) || !string.IsNullOrWhiteSpace(KeyVault.CertificateName);
}
