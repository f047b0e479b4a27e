namespace AiGateway.Gateway.Metering;

/// <summary>
/// A clock that says whatever time it was last set to: lets <see cref="ClusterTraffic"/> put stored records into a
/// <see cref="LiveTraffic"/> at the times they happened, then read the figures as of the moment it read them.
/// </summary>
internal sealed class ReplayClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
