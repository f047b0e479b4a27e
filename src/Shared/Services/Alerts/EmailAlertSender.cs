using System.Globalization;
using System.Text;
using AiGateway.Shared.Model;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>E-mail through the SMTP server in <c>Alerts:Smtp</c>, one plain-text message to all of a channel's recipients.</summary>
public sealed class EmailAlertSender(IOptions<AlertsOptions> options) : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Email;

    public async Task<AlertSendResult> SendAsync(AlertMessage message, AlertDestination destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        var settings = options.Value;
        var smtp = settings.Smtp;
        if (!smtp.IsConfigured)
        {
            return AlertSendResult.Fail("No SMTP server is configured (Alerts:Smtp:Host).");
        }

        using var client = new SmtpClient { Timeout = (int)settings.SendTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, Security(smtp.Security), ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }

            await client.SendAsync(Compose(message, destination.Recipients, smtp.From!), ct);
            await client.DisconnectAsync(quit: true, ct);
            return AlertSendResult.Ok;
        }
        catch (AuthenticationException)
        {
            return AlertSendResult.Fail("The SMTP server refused the configured credentials.");
        }
        catch (SmtpCommandException e)
        {
            return AlertSendResult.Fail($"The SMTP server refused the message ({(int)e.StatusCode} {e.ErrorCode}).", (int)e.StatusCode);
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return AlertSendResult.Fail($"The SMTP server could not be reached ({e.GetType().Name}).");
        }
        catch (TimeoutException)
        {
            return AlertSendResult.Fail("The SMTP server did not answer in time.");
        }
    }

    public static MimeMessage Compose(AlertMessage message, IEnumerable<string> recipients, string from)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in recipients)
        {
            mail.To.Add(MailboxAddress.Parse(recipient));
        }

        mail.Subject = $"[AI Gateway] {message.Title}";
        var text = new StringBuilder().AppendLine(message.Message).AppendLine();
        foreach (var (name, value) in message.FactsWithTeam())
        {
            text.Append(name).Append(": ").AppendLine(value);
        }

        text.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"{message.Kind} · {message.At:u} · event {message.EventId}"));
        mail.Body = new TextPart("plain") { Text = text.ToString() };
        return mail;
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
