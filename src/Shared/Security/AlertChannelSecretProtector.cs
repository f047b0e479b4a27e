using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Shared.Security;

/// <summary>
/// Encrypts alert webhook URLs at rest with Data Protection, as backend keys are: a Slack or Teams webhook URL is
/// itself the credential that lets anyone post to the channel.
/// </summary>
public sealed class AlertChannelSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = (provider ?? throw new ArgumentNullException(nameof(provider))).CreateProtector("AiGateway.AlertChannelUrl.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>Null when the ciphertext cannot be read (a lost key ring): the delivery fails with a clear reason instead.</summary>
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
