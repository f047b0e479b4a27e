namespace AiGateway.Shared.Services.Rollouts;

/// <summary>
/// What a rollout of an alias to a green deployment would do, shown before it is created: the target green would
/// replace (or why the admin must choose one), the alias before and after promotion, and how many distinct clients
/// called the alias lately, so a step's share can be read as clients.
/// </summary>
/// <param name="FromDeploymentId">The target green replaces; null while the admin has to choose.</param>
/// <param name="FromProblem">Why no target was chosen, in the words the create request's 400 uses.</param>
/// <param name="After">The alias once promoted; empty until both green and the target it replaces are known.</param>
/// <param name="RecentClients">Distinct clients (keys; teams for token callers) that called the alias in <paramref name="ClientWindow"/>.</param>
public sealed record RolloutPlan(
    Guid? FromDeploymentId,
    string? FromProblem,
    IReadOnlyList<RolloutPlanTarget> Before,
    IReadOnlyList<RolloutPlanTarget> After,
    int RecentClients,
    TimeSpan ClientWindow);
