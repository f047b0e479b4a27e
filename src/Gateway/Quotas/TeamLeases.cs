namespace AiGateway.Gateway.Quotas;

/// <summary>
/// A team's leases, under one small lock. A request's counters are all one team's, so the lock covers every counter a
/// request must take atomically, and teams never wait on each other. Nothing awaits under it.
/// </summary>
internal sealed class TeamLeases
{
    public Lock Gate { get; } = new();

    public Dictionary<Guid, PolicyLeases> Policies { get; } = [];

    /// <summary>
    /// Calls to Redis under way that may bring a block back. A request refused by Redis waits for those before it
    /// gives up: a block that arrives a moment later would otherwise sit unused while the request is refused.
    /// </summary>
    public List<Task> GrantsInFlight { get; } = [];

    /// <summary>The last trip to Redis numbered; they are numbered in the order they are made.</summary>
    public long NextTrip { get; set; }

    /// <summary>Set (under the lock) when the team was dropped from the store; a request that finds it set looks again.</summary>
    public bool Evicted { get; set; }
}
