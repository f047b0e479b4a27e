using System.Security.Cryptography.X509Certificates;

namespace AiGateway.Shared.Security;

/// <summary>Loads the certificates the <c>DataProtection</c> settings name, once, at start.</summary>
public static class KeyRingCertificates
{
    private const string Section = KeyRingProtectionOptions.SectionName;

    public static KeyRingProtectionStatus Load(KeyRingProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HasFileCertificate && options.HasKeyVaultCertificate)
        {
            return KeyRingProtectionStatus.Failed($"Set either {Section}:Certificate:Path or {Section}:KeyVault (VaultUri and CertificateName), not both.");
        }

        if (!options.HasFileCertificate && !options.HasKeyVaultCertificate)
        {
            return options.AdditionalDecryptionCertificates.Count == 0
                ? KeyRingProtectionStatus.Unprotected
                : KeyRingProtectionStatus.Failed($"{Section}:AdditionalDecryptionCertificates is set but no current certificate is: set {Section}:Certificate:Path or {Section}:KeyVault.");
        }

        var loaded = new List<X509Certificate2>();
        try
        {
            var current = options.HasFileCertificate
                ? KeyRingCertificateFile.Load(options.Certificate, $"{Section}:Certificate")
                : KeyRingKeyVaultCertificate.Download(options.KeyVault, options.KeyVault.CertificateName ?? "", version: null, $"{Section}:KeyVault:CertificateName");
            loaded.Add(current);
            for (var i = 0; i < options.AdditionalDecryptionCertificates.Count; i++)
            {
                loaded.Add(LoadAdditional(options, options.AdditionalDecryptionCertificates[i], $"{Section}:AdditionalDecryptionCertificates:{i}"));
            }

            var source = options.HasFileCertificate ? "certificate file" : $"Key Vault certificate '{options.KeyVault.CertificateName}'";
            return KeyRingProtectionStatus.Protected(current, loaded[1..], source);
        }
        catch (KeyRingCertificateException e)
        {
            foreach (var certificate in loaded)
            {
                certificate.Dispose();
            }

            return KeyRingProtectionStatus.Failed(e.Message);
        }
    }

    private static X509Certificate2 LoadAdditional(KeyRingProtectionOptions options, KeyRingDecryptionCertificateOptions entry, string setting)
    {
        if (!string.IsNullOrWhiteSpace(entry.Path))
        {
            return KeyRingCertificateFile.Load(entry, setting);
        }

        if (!string.IsNullOrWhiteSpace(entry.CertificateName))
        {
            return KeyRingKeyVaultCertificate.Download(options.KeyVault, entry.CertificateName, entry.Version, $"{setting}:CertificateName");
        }

        throw new KeyRingCertificateException($"{setting} names no certificate: set its Path (a file) or CertificateName (and Version) in {Section}:KeyVault.");
    }
}
