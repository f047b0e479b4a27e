using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Configuration;

/// <summary>An alias's capacity-sharing settings as the request path needs them (see <see cref="ModelAlias"/>).</summary>
/// <param name="HighReservedShare">The share (0-0.9) of each deployment's capacity only High traffic may use.</param>
/// <param name="LowWait">How long a Low request may wait for capacity; zero refuses it at once.</param>
/// <param name="NormalWait">How long a Normal request may wait for capacity; zero refuses it at once.</param>
public sealed record AliasCapacitySettings(
    RoutingStrategy Strategy, double HighReservedShare, int MaxQueueLength, TimeSpan LowWait, TimeSpan NormalWait)
{
    /// <summary>What an alias without settings of its own gets: weighted routing, nothing reserved, Low may wait.</summary>
    public static AliasCapacitySettings Default { get; } = new(
        RoutingStrategy.Weighted, 0, ModelAlias.DefaultMaxQueueLength, TimeSpan.FromSeconds(ModelAlias.DefaultLowQueueSeconds), TimeSpan.Zero);

    public static AliasCapacitySettings From(ModelAlias alias) => new(
        alias.RoutingStrategy,
        alias.HighReservedPercent / 100.0,
        alias.MaxQueueLength,
        TimeSpan.FromSeconds(alias.LowQueueSeconds),
        TimeSpan.FromSeconds(alias.NormalQueueSeconds));

    /// <summary>How long a request of <paramref name="priority"/> may wait for capacity; High never waits.</summary>
    public TimeSpan WaitFor(PriorityClass priority) => priority switch
    {
        PriorityClass.Low => LowWait,
        PriorityClass.Normal => NormalWait,
        _ => TimeSpan.Zero,
    };
}
