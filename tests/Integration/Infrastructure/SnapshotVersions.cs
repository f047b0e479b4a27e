using AiGateway.Gateway.Configuration;

namespace AiGateway.Integration.Infrastructure;

/// <summary>Waits for a replica to serve a configuration version, through the store's own publication event.</summary>
public static class SnapshotVersions
{
    /// <summary>Completes when a snapshot at <paramref name="version"/> or later is current.</summary>
    public static async Task WaitForVersionAsync(this GatewaySnapshotStore store, long version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPublished(GatewaySnapshot snapshot)
        {
            if (snapshot.Version >= version)
            {
                published.TrySetResult();
            }
        }

        store.Published += OnPublished;
        try
        {
            // Subscribed first, then checked: a publication between the two is not missed.
            if (store.Current.Version < version)
            {
                await published.Task.WaitAsync(ct);
            }
        }
        finally
        {
            store.Published -= OnPublished;
        }
    }
}
