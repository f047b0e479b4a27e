namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Holds the current snapshot and swaps it atomically. Readers take <see cref="Current"/> once per request; the
/// poller publishes whole new snapshots, never edits one.
/// </summary>
public sealed class GatewaySnapshotStore
{
    private readonly Lock _waitersLock = new();
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = [];
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
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Version <= snapshot.Version)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public void RecordCheck(ConfigurationCheck check) => _lastCheck = check;

    /// <summary>Completes when a snapshot at <paramref name="version"/> or later is current.</summary>
    public Task WaitForVersionAsync(long version, CancellationToken ct)
    {
        lock (_waitersLock)
        {
            if (_current.Version >= version)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((version, done));
            return done.Task.WaitAsync(ct);
        }
    }
}
