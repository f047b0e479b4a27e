namespace AiGateway.Shared.Services.Alerts;

/// <summary>How alerts are queued, delivered and retried (<c>Alerts</c> section).</summary>
public sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Attempts per delivery before it is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; each further retry waits twice as long (capped at <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each replica looks for due deliveries (new notices wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one webhook or SMTP attempt.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notices held in memory waiting to be stored; beyond it new notices are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>
    /// Lets team owners point webhooks at plain http URLs. Off by default: webhooks are requests this server makes
    /// to addresses its users choose (SSRF), and https-only keeps secrets in their URLs off the wire.
    /// </summary>
    public bool AllowHttpWebhooks { get; set; }

    /// <summary>When set, generic webhooks carry <c>X-AiGateway-Signature: sha256=HMAC(secret, timestamp.body)</c>.</summary>
    public string? WebhookSigningSecret { get; set; }

    public AlertSmtpOptions Smtp { get; set; } = new();
}
