namespace AiGateway.Portal.Telemetry;

/// <summary>Settings under <c>Telemetry</c>. OTLP export is configured by OpenTelemetry's own <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public PrometheusTelemetryOptions Prometheus { get; set; } = new();
}

/// <summary>Settings under <c>Telemetry:Prometheus</c>.</summary>
public sealed class PrometheusTelemetryOptions
{
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// <c>Telemetry:Prometheus:Enabled</c>: serve <c>/metrics</c> for a Prometheus scraper. Defaults to true in
    /// Development or when the demo runs, false otherwise.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// <c>Telemetry:Prometheus:ScrapeToken</c>: when set (at least 16 characters), a scrape must send
    /// <c>Authorization: Bearer &lt;token&gt;</c> or gets 401.
    /// </summary>
    public string? ScrapeToken { get; set; }
}
