using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AiGateway.Shared.Security;

/// <summary>Loads a key ring certificate with its private key from a PFX file or from PEM files.</summary>
public static class KeyRingCertificateFile
{
    public static X509Certificate2 Load(KeyRingCertificateFileOptions file, string setting)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = file.Path ?? throw new KeyRingCertificateException($"{setting}:Path is empty.");
        if (!File.Exists(path))
        {
            throw new KeyRingCertificateException($"{setting}:Path names a file that does not exist ({path}).");
        }

        try
        {
            var certificate = IsPem(path)
                ? X509Certificate2.CreateFromPemFile(path, string.IsNullOrWhiteSpace(file.KeyPath) ? null : file.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
            return RequirePrivateKey(certificate, $"{setting}:Path");
        }
        catch (CryptographicException e)
        {
            throw new KeyRingCertificateException($"{setting}:Path could not be read as a certificate with its private key (a wrong {setting}:Password or {setting}:KeyPath?): {e.Message}");
        }
    }

    /// <summary>Both encrypting and decrypting the key ring need an RSA key; a certificate without one is a setting error.</summary>
    internal static X509Certificate2 RequirePrivateKey(X509Certificate2 certificate, string setting)
    {
        if (!certificate.HasPrivateKey || certificate.GetRSAPublicKey() is null)
        {
            certificate.Dispose();
            throw new KeyRingCertificateException($"{setting}: the certificate must be RSA and come with its private key.");
        }

        return certificate;
    }

    private static bool IsPem(string path)
    {
        // A PFX is binary DER; PEM is text starting with a "-----BEGIN" line (possibly after comments).
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[512];
        var read = stream.Read(head);
        return System.Text.Encoding.ASCII.GetString(head[..read]).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
