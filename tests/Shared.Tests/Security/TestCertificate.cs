using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AiGateway.Shared.Tests.Security;

/// <summary>A self-signed RSA certificate made by the test, written as a PFX with a password and as PEM certificate + key.</summary>
public sealed class TestCertificate : IDisposable
{
    public const string Password = "test-pfx-password";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"aigw-cert-{Guid.NewGuid():N}");

    public TestCertificate(string subject)
    {
        Directory.CreateDirectory(_folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        Thumbprint = certificate.Thumbprint;
        CertificateBase64 = Convert.ToBase64String(certificate.RawData);
        PfxPath = Path.Combine(_folder, "keyring.pfx");
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pfx, Password));
        PemPath = Path.Combine(_folder, "keyring.crt");
        File.WriteAllText(PemPath, certificate.ExportCertificatePem());
        KeyPemPath = Path.Combine(_folder, "keyring.key");
        File.WriteAllText(KeyPemPath, rsa.ExportPkcs8PrivateKeyPem());
    }

    public string Thumbprint { get; }

    /// <summary>The certificate as EncryptedXml embeds it in a key it wrapped.</summary>
    public string CertificateBase64 { get; }
    public string PfxPath { get; }
    public string PemPath { get; }
    public string KeyPemPath { get; }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
