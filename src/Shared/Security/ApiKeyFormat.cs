using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AiGateway.Shared.Security;

/// <summary>
/// Client keys look like <c>agw_3kT9xQ2mLp7Z_&lt;40 random characters&gt;</c>: a public prefix that finds the key's row,
/// then the secret. The fixed shape lets the gateway reject garbage before it hashes anything.
/// </summary>
public static class ApiKeyFormat
{
    public const string Marker = "agw_";
    public const int IdLength = 12;
    public const int SecretLength = 40;
    public const int PrefixLength = 4 + IdLength;
    public const int Length = PrefixLength + 1 + SecretLength;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new random key (about 71 bits of id and 238 bits of secret).</summary>
    public static string Generate() =>
        string.Concat(Marker, RandomNumberGenerator.GetString(Alphabet, IdLength), "_", RandomNumberGenerator.GetString(Alphabet, SecretLength));

    /// <summary>Checks a presented key's shape and returns its public prefix.</summary>
    public static bool TryGetPrefix(ReadOnlySpan<char> key, [NotNullWhen(true)] out string? prefix)
    {
        prefix = null;
        if (!IsWellFormed(key))
        {
            return false;
        }

        prefix = key[..PrefixLength].ToString();
        return true;
    }

    public static bool IsWellFormed(ReadOnlySpan<char> key)
    {
        if (key.Length != Length || !key.StartsWith(Marker, StringComparison.Ordinal) || key[PrefixLength] != '_')
        {
            return false;
        }

        return IsAlphanumeric(key.Slice(Marker.Length, IdLength)) && IsAlphanumeric(key[(PrefixLength + 1)..]);
    }

    private static bool IsAlphanumeric(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
