using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace AiGateway.Shared.Security;

/// <summary>
/// Team API tokens look like <c>agwt_3kT9xQ2mLp7Z_&lt;40 random characters&gt;</c>: a marker that tells them apart from
/// model keys (<c>agw_</c>) and the bootstrap token at a glance and in the authentication selector, a public prefix that
/// finds the token's row, then the secret.
/// </summary>
public static class TeamTokenFormat
{
    public const string Marker = "agwt_";
    public const int IdLength = 12;
    public const int SecretLength = 40;
    public const int PrefixLength = 5 + IdLength;
    public const int Length = PrefixLength + 1 + SecretLength;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() =>
        string.Concat(Marker, RandomNumberGenerator.GetString(Alphabet, IdLength), "_", RandomNumberGenerator.GetString(Alphabet, SecretLength));

    /// <summary>Whether a presented bearer token claims to be a team token (the selector's cheap test, before any lookup).</summary>
    public static bool HasMarker(ReadOnlySpan<char> token) => token.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>Checks a presented token's shape and returns its public prefix.</summary>
    public static bool TryGetPrefix(ReadOnlySpan<char> token, [NotNullWhen(true)] out string? prefix)
    {
        prefix = null;
        if (token.Length != Length || !HasMarker(token) || token[PrefixLength] != '_'
            || !IsAlphanumeric(token.Slice(Marker.Length, IdLength)) || !IsAlphanumeric(token[(PrefixLength + 1)..]))
        {
            return false;
        }

        prefix = token[..PrefixLength].ToString();
        return true;
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
