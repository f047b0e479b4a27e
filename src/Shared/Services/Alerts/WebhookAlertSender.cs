using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// The generic webhook: one JSON object per alert. With <c>Alerts:WebhookSigningSecret</c> set, the receiver can check
/// <c>X-AiGateway-Signature</c> = <c>sha256=</c> hex HMAC-SHA256 of <c>{X-AiGateway-Timestamp}.{body}</c>.
/// </summary>
public sealed class WebhookAlertSender(AlertWebhookClient client, IOptions<AlertsOptions> options, TimeProvider clock) : IAlertSender
{
    public const string SignatureHeader = "X-AiGateway-Signature";
    public const string TimestampHeader = "X-AiGateway-Timestamp";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public AlertChannelKind Kind => AlertChannelKind.Webhook;

    public Task<AlertSendResult> SendAsync(AlertMessage message, AlertDestination destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        var body = Payload(message);
        var headers = new Dictionary<string, string>();
        if (options.Value.WebhookSigningSecret is { Length: > 0 } secret)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            headers[TimestampHeader] = timestamp;
            headers[SignatureHeader] = Sign(secret, timestamp, body);
        }

        return client.PostAsync(destination.Url, body, headers, ct);
    }

    public static string Payload(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Serialize(
            new
            {
                eventId = message.EventId,
                kind = message.Kind.ToString(),
                title = message.Title,
                message = message.Message,
                at = message.At,
                team = message.TeamId is { } id ? new { id, name = message.TeamName } : null,
                facts = message.Facts,
            },
            Json);
    }

    public static string Sign(string secret, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(hash);
    }
}
