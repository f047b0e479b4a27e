using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// The outcome of choosing a target: the target, or why there is none. Deployments resting after a 429 (capacity
/// is short) and backends whose circuit is open (they are failing) are told apart, because a client should hear
/// "busy, retry then" for the first and "unavailable" for the second.
/// </summary>
/// <param name="ThrottledUntil">When the first deployment resting after a 429 may be used again.</param>
/// <param name="DownUntil">When the first backend whose circuit is open lets a probe through again.</param>
public readonly record struct BackendSelection(AliasTargetEntry? Target, DateTimeOffset? ThrottledUntil, DateTimeOffset? DownUntil)
{
    public bool Found => Target is not null;
}
