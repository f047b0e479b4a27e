using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Backends;

public sealed record DeploymentView(
    Guid Id,
    Guid BackendId,
    string Name,
    string Model,
    string? ModelVersion,
    int? CapacityTokensPerMinute,
    int? CapacityRequestsPerMinute,
    decimal InputPricePer1K,
    decimal OutputPricePer1K,
    decimal? MonthlyFixedCost,
    bool Enabled,
    DateTimeOffset CreatedAt)
{
    public static DeploymentView From(Deployment d) => new(
        d.Id, d.BackendId, d.Name, d.Model, d.ModelVersion, d.CapacityTokensPerMinute, d.CapacityRequestsPerMinute,
        d.InputPricePer1K, d.OutputPricePer1K, d.MonthlyFixedCost, d.Enabled, d.CreatedAt);
}
