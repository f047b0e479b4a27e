using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasTargetView(Guid Id, Guid DeploymentId, string? DeploymentName, Guid? BackendId, int Weight, int? PriorityTier)
{
    public static AliasTargetView From(AliasTarget t) =>
        new(t.Id, t.DeploymentId, t.Deployment?.Name, t.Deployment?.BackendId, t.Weight, t.PriorityTier);
}
