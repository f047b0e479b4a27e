namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>How much of a provisioned deployment's capacity the last minute's traffic on this replica used.</summary>
public sealed record CapacityUse(
    Guid DeploymentId,
    string DeploymentName,
    string BackendName,
    double TokensPerMinute,
    int? CapacityTokensPerMinute,
    double RequestsPerMinute)
{
    public double? Percent => CapacityTokensPerMinute is > 0 and var capacity ? Math.Min(100, 100.0 * TokensPerMinute / capacity) : null;
}
