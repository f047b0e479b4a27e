using System.ComponentModel.DataAnnotations;

namespace AiGateway.Shared.Security;

/// <summary>Settings under <c>Security</c>.</summary>
public sealed class ApiKeyHashOptions
{
    public const string SectionName = "Security";
    public const int MinimumSecretBytes = 32;

    /// <summary>
    /// <c>Security:ApiKeyHashSecret</c>: base64 of at least 32 random bytes, the same on every replica. Changing it
    /// invalidates every issued key. Required outside Development.
    /// </summary>
    [Required(ErrorMessage = "Security:ApiKeyHashSecret is required: base64 of at least 32 random bytes, the same on every replica.")]
    public string? ApiKeyHashSecret { get; set; }

    public byte[] GetSecretBytes()
    {
        if (!TryDecode(ApiKeyHashSecret, out var bytes))
        {
            throw new InvalidOperationException("Security:ApiKeyHashSecret must be base64 of at least 32 bytes.");
        }

        return bytes;
    }

    public static bool TryDecode(string? value, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return false;
        }

        return bytes.Length >= MinimumSecretBytes;
    }
}
