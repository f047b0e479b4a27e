using System.Diagnostics;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The gateway's trace source. The host subscribes to it by name (with the OpenTelemetry SDK,
/// <c>.AddSource(GatewayActivities.SourceName)</c>); while nobody listens, starting an activity on it returns null and
/// costs one check, so the request path creates spans only for a listener that asked for them.
/// </summary>
public static class GatewayActivities
{
    public const string SourceName = "AiGateway.Gateway";

    public static ActivitySource Source { get; } = new(SourceName, typeof(GatewayActivities).Assembly.GetName().Version?.ToString());
}
