namespace AiGateway.Gateway.Telemetry;

/// <summary>Settings under <c>Gateway:AccessLog</c>.</summary>
public sealed class AccessLogOptions
{
    public const string SectionName = "Gateway:AccessLog";

    /// <summary>
    /// <c>Gateway:AccessLog:Enabled</c>: write one line per gateway model request. Read per request, so a change in
    /// a reloaded configuration file applies at once. The lines can also be filtered by their category like any log.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
