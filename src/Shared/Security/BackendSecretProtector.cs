using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Shared.Security;

/// <summary>Encrypts backend keys at rest with ASP.NET Core Data Protection (its key ring is kept in the database).</summary>
public sealed class BackendSecretProtector
{
    private const string Purpose = "AiGateway.BackendCredential.v1";
    private readonly IDataProtector _protector;

    public BackendSecretProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
    }

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>Returns null when the ciphertext cannot be read (a lost or rotated-out key ring) rather than failing the caller.</summary>
    public string? TryUnprotect(string? ciphertext)
    {
        if (string.IsNullOrEmpty(ciphertext))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
