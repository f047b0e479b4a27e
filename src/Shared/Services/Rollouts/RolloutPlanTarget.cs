namespace AiGateway.Shared.Services.Rollouts;

/// <summary>One of an alias's targets as a rollout plan shows it: the tier it is tried in and its weight there.</summary>
/// <param name="Replaced">In the alias before: the target green replaces (blue).</param>
/// <param name="IsGreen">In the alias after: green, in blue's place.</param>
public sealed record RolloutPlanTarget(Guid DeploymentId, string DeploymentName, string Model, int Tier, int Weight, bool Replaced, bool IsGreen);
