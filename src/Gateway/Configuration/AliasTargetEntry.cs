namespace AiGateway.Gateway.Configuration;

/// <summary>
/// One deployment an alias may be served by, with its share within its tier (lower tiers are tried first) and its
/// prices, so a request's cost is known without the database.
/// </summary>
public sealed record AliasTargetEntry(
    Guid DeploymentId,
    string DeploymentName,
    string Model,
    BackendEntry Backend,
    int Weight,
    int Tier,
    decimal InputPricePer1K = 0m,
    decimal OutputPricePer1K = 0m)
{
    /// <summary>What the tokens cost at this deployment's prices.</summary>
    public decimal CostOf(long promptTokens, long completionTokens) =>
        (promptTokens * InputPricePer1K + completionTokens * OutputPricePer1K) / 1000m;
}
