using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Security;

/// <summary>
/// Hashes client keys with HMAC-SHA256 under a server-side secret, so a copy of the database alone is not enough to
/// test guesses, and verifies them in constant time.
/// </summary>
public sealed class ApiKeyHasher
{
    public const int HashLength = 32;
    private readonly byte[] _secret;

    public ApiKeyHasher(IOptions<ApiKeyHashOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secret = options.Value.GetSecretBytes();
    }

    public byte[] Hash(ReadOnlySpan<char> key)
    {
        var hash = new byte[HashLength];
        Hash(key, hash);
        return hash;
    }

    public bool Verify(ReadOnlySpan<char> presentedKey, ReadOnlySpan<byte> storedHash)
    {
        Span<byte> hash = stackalloc byte[HashLength];
        Hash(presentedKey, hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    private void Hash(ReadOnlySpan<char> key, Span<byte> destination)
    {
        Span<byte> utf8 = stackalloc byte[ApiKeyFormat.Length * 3];
        var keyBytes = key.Length <= ApiKeyFormat.Length
            ? utf8[..Encoding.UTF8.GetBytes(key, utf8)]
            : Encoding.UTF8.GetBytes(key.ToArray());
        HMACSHA256.HashData(_secret, keyBytes, destination);
    }
}
