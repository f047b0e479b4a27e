namespace AiGateway.Shared.Model;

/// <summary>One deployment an alias routes to, with its share of traffic within its priority tier.</summary>
public sealed class AliasTarget : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AliasId { get; set; }
    public ModelAlias? Alias { get; set; }
    public Guid DeploymentId { get; set; }
    public Deployment? Deployment { get; set; }

    /// <summary>Relative weight among targets of the same tier; 0 keeps the target configured but idle.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>Lower tiers are tried first; null means the backend's own tier (provisioned before standard).</summary>
    public int? PriorityTier { get; set; }

    /// <summary>The tier the gateway tries this target in: its own, or 0 on a provisioned backend and 1 on a standard one.</summary>
    public static int EffectiveTier(int? priorityTier, BackendTier backendTier) =>
        priorityTier ?? (backendTier == BackendTier.Provisioned ? 0 : 1);
}
