using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Shared.Services.Backends;

/// <summary>A deployment, with its price table (<see cref="Prices"/>) and the default tier's version in force now.</summary>
public sealed record DeploymentView(
    Guid Id,
    Guid BackendId,
    string Name,
    string Model,
    string? ModelVersion,
    int? CapacityTokensPerMinute,
    int? CapacityRequestsPerMinute,
    DeploymentPriceView? CurrentPrice,
    IReadOnlyList<DeploymentPriceView> Prices,
    bool Enabled,
    DateTimeOffset CreatedAt)
{
    /// <summary>The view of <paramref name="d"/> with its <see cref="Deployment.Prices"/> as loaded.</summary>
    public static DeploymentView From(Deployment d, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        var prices = DeploymentPriceView.Table(d.Prices, now);
        var current = prices.FirstOrDefault(p => p.ServiceTier == ServiceTiers.Default && p.State == PriceVersionState.InForce);
        return new(d.Id, d.BackendId, d.Name, d.Model, d.ModelVersion, d.CapacityTokensPerMinute, d.CapacityRequestsPerMinute, current, prices, d.Enabled, d.CreatedAt);
    }
}
