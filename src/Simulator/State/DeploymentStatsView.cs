namespace AiGateway.Simulator.State;

/// <summary>A point-in-time copy of <see cref="DeploymentStats"/> as JSON shows it.</summary>
internal sealed record DeploymentStatsView(
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long Throttled,
    long Faults,
    long Hung,
    long StreamsCut,
    IReadOnlyDictionary<string, long> StatusCounts);
