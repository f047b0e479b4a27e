namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>One target row of the alias dialog.</summary>
public sealed class AliasTargetForm
{
    public Guid? DeploymentId { get; set; }
    public int Weight { get; set; } = 1;
    public int? PriorityTier { get; set; }
}
