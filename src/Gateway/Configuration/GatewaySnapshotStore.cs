namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Holds the current snapshot and swaps it atomically. Readers take <see cref="Current"/> once per request; the
/// poller publishes whole new snapshots, never edits one.
/// </summary>
public sealed class GatewaySnapshotStore
{
    private volatile GatewaySnapshot _current = GatewaySnapshot.Empty;
    private volatile ConfigurationCheck? _lastCheck;

    public GatewaySnapshot Current => _current;

    /// <summary>The last time the poller asked the database, and what happened.</summary>
    public ConfigurationCheck? LastCheck => _lastCheck;

    /// <summary>Raised after a new snapshot is published (the YARP configuration provider rebuilds its routes from it).</summary>
    public event Action<GatewaySnapshot>? Published;

    public void Publish(GatewaySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot;
        Published?.Invoke(snapshot);
    }

    public void RecordCheck(ConfigurationCheck check) => _lastCheck = check;
}
