namespace AiGateway.Shared.Security;

/// <summary>A key ring certificate setting that cannot be used; the message names the setting and fits on one line.</summary>
public sealed class KeyRingCertificateException : Exception
{
    public KeyRingCertificateException()
    {
    }

    public KeyRingCertificateException(string message)
        : base(message)
    {
    }

    public KeyRingCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
