namespace AiGateway.Shared.Security;

/// <summary>A certificate with its private key in files: a PFX (PKCS#12) with its password, or a PEM certificate and key.</summary>
public class KeyRingCertificateFileOptions
{
    /// <summary>The PFX file, or the PEM certificate (which may hold the key too).</summary>
    public string? Path { get; set; }

    /// <summary>The PFX password; not used for PEM.</summary>
    public string? Password { get; set; }

    /// <summary>The PEM private key, when it is not in the certificate file.</summary>
    public string? KeyPath { get; set; }
}
