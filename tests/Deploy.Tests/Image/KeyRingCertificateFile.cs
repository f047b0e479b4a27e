using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>A self-signed RSA certificate in a PFX file with a password, as an operator mounts one for the key ring.</summary>
public sealed class KeyRingCertificateFile : IDisposable
{
    public KeyRingCertificateFile()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=aigw key ring (deploy test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        Password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"aigw-keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(Path, certificate.Export(X509ContentType.Pfx, Password));
    }

    public string Path { get; }

    public string Password { get; }

    public void Dispose() => File.Delete(Path);
}
