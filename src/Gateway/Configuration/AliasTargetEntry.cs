using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// One deployment an alias may be served by, with its share within its tier (lower tiers are tried first) and its
/// price schedule, so a request's cost is known without the database.
/// </summary>
public sealed record AliasTargetEntry(
    Guid DeploymentId,
    string DeploymentName,
    string Model,
    BackendEntry Backend,
    int Weight,
    int Tier,
    DeploymentPricing? Pricing = null)
{
    /// <summary>The deployment's price versions per service tier; empty (everything free) when it has none.</summary>
    public DeploymentPricing Pricing { get; init; } = Pricing ?? DeploymentPricing.Empty;

    /// <summary>The deployment's configured tokens per minute; null when not configured (then learnt from the backend's headers).</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>The deployment's configured requests per minute; null when not configured.</summary>
    public int? RequestsPerMinute { get; init; }
}
