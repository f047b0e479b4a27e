using AiGateway.Gateway.Telemetry;
using AiGateway.Portal.Demo;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiGateway.Portal.Telemetry;

/// <summary>
/// OpenTelemetry for the process: the gateway's meter and ASP.NET Core's, Kestrel's, HttpClient's and the runtime's
/// built-in meters; ASP.NET Core's and the gateway's traces; logs; exported to a Prometheus scrape endpoint, to OTLP and
/// to Azure Monitor, each as configured. With none configured nothing is registered at all, so an instrument has no
/// listener and recording on the request path is a no-op.
/// </summary>
/// <remarks>
/// Azure Monitor takes the exporter package rather than its ASP.NET Core distro: the distro claims the whole
/// OpenTelemetry set-up (its own instrumentation, sampler and live metrics) and cannot sit beside OTLP export, while the
/// exporter is one more destination for the same signals.
/// </remarks>
public static partial class TelemetryExtensions
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>The gateway's ActivitySource (its request-path spans).</summary>
    public const string GatewayActivitySourceName = AiGateway.Gateway.Telemetry.GatewayActivities.SourceName;

    /// <summary>The source .NET's HttpClient starts its client spans on.</summary>
    public const string HttpClientActivitySourceName = "System.Net.Http";

    /// <summary>.NET's built-in meters the process exports beside the gateway's own.</summary>
    public static readonly IReadOnlyList<string> BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
    ];

    private const string DefaultServiceName = "ai-gateway";

    private static readonly string[] OtlpEndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .Validate(
                o => string.IsNullOrEmpty(o.Prometheus.ScrapeToken) || o.Prometheus.ScrapeToken.Length >= PrometheusTelemetryOptions.MinimumTokenLength,
                $"Telemetry:Prometheus:ScrapeToken must be at least {PrometheusTelemetryOptions.MinimumTokenLength} characters (or unset).")
            .ValidateOnStart();

        var settings = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        // Scraping is on where someone is looking at the process (Development, the demo) and opt-in in production.
        var prometheus = settings.Prometheus.Enabled ?? (builder.Environment.IsDevelopment() || builder.IsDemoEnabled());
        var otlp = OtlpEndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
        var azureMonitor = AzureMonitorConnectionString(configuration, settings);
        if (!prometheus && !otlp && azureMonitor is null)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(DefaultServiceName));
        }

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayMetrics.MeterName).AddMeter([.. BuiltInMeters]);
            if (prometheus)
            {
                // A scrape always reads the current figures: caching answers only helps many scrapers at once.
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (azureMonitor is not null)
            {
                metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
            }
        });

        if (prometheus)
        {
            builder.Services.AddSingleton<ScrapeTokenCheck>();
        }

        if (!otlp && azureMonitor is null)
        {
            // Traces and logs only where they go somewhere: a span recorded for no exporter is pure cost per request.
            return builder;
        }

        telemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
            .AddSource(GatewayActivitySourceName)
            // HttpClient's own span of each backend call, which nests under the gateway's attempt span.
            .AddSource(HttpClientActivitySourceName));
        if (otlp)
        {
            // Logs, metrics and traces all, configured by the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }

        if (azureMonitor is not null)
        {
            // Every trace, as OTLP exports them, unless OTEL_TRACES_SAMPLER says otherwise: the exporter's own default
            // (since 1.6) keeps 5 traces a second, which would hide most requests of a busy gateway without a word.
            var everyTrace = string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"]);
            telemetry.WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o =>
            {
                o.ConnectionString = azureMonitor;
                if (everyTrace)
                {
                    o.SamplingRatio = 1.0F;
                    o.TracesPerSecond = null;
                }
            }));
            telemetry.WithLogging(logging => logging.AddAzureMonitorLogExporter(o => o.ConnectionString = azureMonitor));
        }

        return builder;
    }

    /// <summary>
    /// Where Azure Monitor export goes: <c>Telemetry:AzureMonitor:ConnectionString</c>, else Application Insights' own
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>; null (off) when neither is set.
    /// </summary>
    private static string? AzureMonitorConnectionString(IConfiguration configuration, TelemetryOptions settings)
    {
        var connectionString = settings.AzureMonitor.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[AzureMonitorTelemetryOptions.ConnectionStringVariable];
        }

        return string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
    }

    /// <summary>The Prometheus scrape endpoint, behind the scrape token when one is set; nothing when scraping is off.</summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<ScrapeTokenCheck>() is not { } check)
        {
            return endpoints;
        }

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (string.IsNullOrEmpty(options.Prometheus.ScrapeToken) && !services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            Log.ScrapeEndpointOpen(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelemetryExtensions).FullName!), ScrapePath);
        }

        endpoints.MapPrometheusScrapingEndpoint(
                path: ScrapePath,
                meterProvider: null,
                configureBranchedPipeline: branch => branch.Use(check.InvokeAsync),
                optionsName: null)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Scrapes and health probes: traced, they would drown the requests worth tracing.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(ScrapePath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The Prometheus scrape endpoint {Path} answers anyone who can reach it: set Telemetry:Prometheus:ScrapeToken, or keep the path off public networks")]
        public static partial void ScrapeEndpointOpen(ILogger logger, string path);
    }
}
