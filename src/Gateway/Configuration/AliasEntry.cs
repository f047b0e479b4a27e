using System.Collections.Immutable;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// An enabled alias and its targets on enabled deployments and backends, lowest tier first; with the rollout in
/// progress on it, if any.
/// </summary>
/// <param name="FirstByteTimeout">The alias's own wait for a backend's response headers; null for the gateway's.</param>
public sealed record AliasEntry(
    Guid Id, string Name, ImmutableArray<AliasTargetEntry> Targets, RolloutEntry? Rollout = null, TimeSpan? FirstByteTimeout = null)
{
    /// <summary>When the alias was published, for the model list's <c>created</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Routing strategy, the share kept for High, and the queue's bounds.</summary>
    public AliasCapacitySettings Capacity { get; init; } = AliasCapacitySettings.Default;
}
