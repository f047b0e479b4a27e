namespace AiGateway.Shared.Services.Backends;

public sealed record DeploymentInput
{
    public Guid BackendId { get; init; }
    public string? Name { get; init; }
    public string? Model { get; init; }
    public string? ModelVersion { get; init; }
    public int? CapacityTokensPerMinute { get; init; }
    public int? CapacityRequestsPerMinute { get; init; }
    public decimal InputPricePer1K { get; init; }
    public decimal OutputPricePer1K { get; init; }
    public decimal? MonthlyFixedCost { get; init; }
    public bool Enabled { get; init; } = true;
}
