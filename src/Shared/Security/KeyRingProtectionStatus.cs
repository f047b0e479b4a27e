using System.Security.Cryptography.X509Certificates;

namespace AiGateway.Shared.Security;

/// <summary>
/// How the key ring is protected, as found at start: by a certificate (with the earlier ones that still decrypt), not at
/// all, or not at all because a configured certificate could not be loaded. The start-up checks read it; loading never
/// throws, so a broken setting is reported as one line instead of a stack trace from inside service registration.
/// </summary>
public sealed class KeyRingProtectionStatus
{
    private KeyRingProtectionStatus(X509Certificate2? current, IReadOnlyList<X509Certificate2> decryption, string? problem, string source)
    {
        Current = current;
        DecryptionCertificates = decryption;
        Problem = problem;
        Source = source;
    }

    /// <summary>The certificate new keys are protected with; null when the key ring is stored in plain text.</summary>
    public X509Certificate2? Current { get; }

    /// <summary>Every certificate that may decrypt a key: the current one first, then the earlier ones.</summary>
    public IReadOnlyList<X509Certificate2> DecryptionCertificates { get; }

    /// <summary>Why a configured certificate could not be used, naming the setting; null when nothing went wrong.</summary>
    public string? Problem { get; }

    /// <summary>Where the current certificate came from, for the start-up log (never a secret).</summary>
    public string Source { get; }

    public bool IsProtected => Current is not null;

    public static KeyRingProtectionStatus Unprotected { get; } = new(null, [], null, "none");

    public static KeyRingProtectionStatus Protected(X509Certificate2 current, IReadOnlyList<X509Certificate2> additional, string source) =>
        new(current, [current, .. additional], null, source);

    public static KeyRingProtectionStatus Failed(string problem) => new(null, [], problem, "none");
}
