namespace AiGateway.Shared.Services.Alerts;

/// <summary>The SMTP server e-mail channels send through (<c>Alerts:Smtp</c>); e-mail channels fail without a host.</summary>
public sealed class AlertSmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender address, e.g. <c>AI Gateway &lt;gateway@contoso.com&gt;</c>.</summary>
    public string? From { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
