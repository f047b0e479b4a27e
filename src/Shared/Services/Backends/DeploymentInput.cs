using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Shared.Services.Backends;

public sealed record DeploymentInput
{
    public Guid BackendId { get; init; }
    public string? Name { get; init; }
    public string? Model { get; init; }
    public string? ModelVersion { get; init; }
    public int? CapacityTokensPerMinute { get; init; }
    public int? CapacityRequestsPerMinute { get; init; }

    /// <summary>
    /// On creation only: the deployment's first default-tier prices, in force from the start. Later prices are new
    /// versions of its price table (<c>/deployments/{id}/prices</c>), so a change never re-prices the past.
    /// </summary>
    public DeploymentPriceInput? Price { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Retired by the versioned price table: named only so that a client still sending them is told where prices went,
    /// instead of having them ignored and its deployment priced at nothing.
    /// </summary>
    public decimal? InputPricePer1K { get; init; }

    /// <inheritdoc cref="InputPricePer1K"/>
    public decimal? OutputPricePer1K { get; init; }

    /// <inheritdoc cref="InputPricePer1K"/>
    public decimal? MonthlyFixedCost { get; init; }
}
