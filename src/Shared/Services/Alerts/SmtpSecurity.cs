namespace AiGateway.Shared.Services.Alerts;

/// <summary>How the SMTP connection is secured; mirrors MailKit's options so the setting reads the same.</summary>
public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,

    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
}
