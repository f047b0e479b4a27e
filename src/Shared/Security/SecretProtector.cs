using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Shared.Security;

/// <summary>
/// Encrypts one kind of secret at rest with ASP.NET Core Data Protection (its key ring is kept in the database, so
/// every replica reads what any replica wrote). Each kind has its own purpose, so one kind's ciphertext is never
/// accepted as another's.
/// </summary>
public abstract class SecretProtector
{
    private readonly IDataProtector _protector;

    protected SecretProtector(IDataProtectionProvider provider, string purpose)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(purpose);
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
