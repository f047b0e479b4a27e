using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Security;

/// <summary>
/// The security settings a process must have before it touches the database, each found wrong described in one line
/// that names the setting and says what to do.
/// </summary>
public static class StartupSettingsCheck
{
    /// <summary>A configured certificate that cannot be used, or (in Production) no certificate without the explicit opt-out.</summary>
    public static string? KeyRingProblem(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var status = services.GetRequiredService<KeyRingProtectionStatus>();
        if (status.Problem is not null)
        {
            return status.Problem;
        }

        var options = services.GetRequiredService<IOptions<KeyRingProtectionOptions>>().Value;
        if (!status.IsProtected && services.GetRequiredService<IHostEnvironment>().IsProduction() && !options.AllowUnprotectedKeyRing)
        {
            const string section = KeyRingProtectionOptions.SectionName;
            return $"The Data Protection key ring would be stored unprotected in the database (a database copy would reveal backend keys and let anyone forge a portal sign-in): set {section}:Certificate:Path (PFX or PEM), or {section}:KeyVault:VaultUri and {section}:KeyVault:CertificateName; or set {section}:AllowUnprotectedKeyRing=true to accept the risk.";
        }

        return null;
    }

    /// <summary><c>Security:ApiKeyHashSecret</c> missing or not base64 of at least 32 bytes.</summary>
    public static string? ApiKeyHashSecretProblem(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            _ = services.GetRequiredService<IOptions<ApiKeyHashOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException)
        {
            return $"{ApiKeyHashOptions.SectionName}:ApiKeyHashSecret is missing or is not base64 of at least {ApiKeyHashOptions.MinimumSecretBytes} bytes: set it to 32 random bytes in base64 (for example the output of `openssl rand -base64 32`), the same on every replica.";
        }
    }
}
