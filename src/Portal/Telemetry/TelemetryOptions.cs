namespace AiGateway.Portal.Telemetry;

/// <summary>Settings under <c>Telemetry</c>. OTLP export is configured by OpenTelemetry's own <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public PrometheusTelemetryOptions Prometheus { get; set; } = new();

    public AzureMonitorTelemetryOptions AzureMonitor { get; set; } = new();
}

/// <summary>Settings under <c>Telemetry:AzureMonitor</c>.</summary>
public sealed class AzureMonitorTelemetryOptions
{
    /// <summary>The variable Application Insights' own SDKs read, honoured when the setting below is unset.</summary>
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// <c>Telemetry:AzureMonitor:ConnectionString</c>: the Application Insights resource's connection string; when set
    /// (or <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is), metrics, traces and logs are exported to it.
    /// </summary>
    public string? ConnectionString { get; set; }
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
