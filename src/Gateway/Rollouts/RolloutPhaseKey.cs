using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Rollouts;

/// <summary>One side of one phase of one rollout.</summary>
public readonly record struct RolloutPhaseKey(Guid RolloutId, int Phase, RolloutSide Side);
