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

    // One HMAC per thread, reset after each key rather than set up anew: the one-shot HMACSHA256.HashData looks up the
    // algorithm and builds a new native context on every call, which cost several times the hash itself on the
    // request path. Hash is synchronous, so a thread's instance is never used by two calls at once. The HMAC is kept
    // with the hasher that made it: another instance (tests make several) hashes under another secret.
    [ThreadStatic]
    private static (ApiKeyHasher Owner, IncrementalHash Hmac)? t_hmac;

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
        if (t_hmac is not { } current || !ReferenceEquals(current.Owner, this))
        {
            // First use on this thread, or another hasher (another secret) used it last.
            t_hmac?.Hmac.Dispose();
            current = (this, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret));
            t_hmac = current;
        }

        current.Hmac.AppendData(keyBytes);
        current.Hmac.GetHashAndReset(destination);
    }
}
