using System.Security.Cryptography;
using System.Text;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// Compares presented secrets with configured ones in constant time. Both sides are hashed first so the
/// comparison never leaks the configured length, and every configured secret is compared, hit or miss.
/// </summary>
internal sealed class SecretMatcher(IEnumerable<string> secrets)
{
    private readonly byte[][] _hashes = [.. secrets.Select(Hash)];

    public bool IsEmpty => _hashes.Length == 0;

    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var candidate = Hash(presented);
        var match = false;
        foreach (var hash in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(candidate, hash);
        }

        return match;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
