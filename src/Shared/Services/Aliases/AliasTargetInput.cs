namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasTargetInput
{
    public Guid DeploymentId { get; init; }
    public int Weight { get; init; } = 1;
    public int? PriorityTier { get; init; }
}
