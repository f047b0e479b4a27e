using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Shared.Security;

public static class KeyRingProtectionExtensions
{
    /// <summary>
    /// Encrypts every key the ring writes with the configured certificate, and lets the current and the earlier
    /// certificates decrypt: after a rotation the new certificate protects new keys while old keys still read. The
    /// outcome is registered as <see cref="KeyRingProtectionStatus"/> for the start-up checks.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeyRingWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(KeyRingProtectionOptions.SectionName);
        builder.Services.AddOptions<KeyRingProtectionOptions>().Bind(section);
        var status = KeyRingCertificates.Load(section.Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions());
        builder.Services.AddSingleton(status);
        if (status.Current is { } current)
        {
            builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. status.DecryptionCertificates]);
        }

        return builder;
    }
}
