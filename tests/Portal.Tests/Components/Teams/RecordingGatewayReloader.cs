using AiGateway.Gateway.Configuration;

namespace AiGateway.Portal.Tests.Components.Teams;

/// <summary>Stands in for this replica's configuration poller: counts the reloads asked for, and can say what the database held at each.</summary>
public sealed class RecordingGatewayReloader : IGatewayReloader
{
    private readonly List<int> _observations = [];
    private int _reloads;

    /// <summary>Read at each reload, e.g. the number of keys stored, to show the reload came after the commit.</summary>
    public Func<Task<int>>? Observe { get; set; }

    public IReadOnlyList<int> Observations
    {
        get
        {
            lock (_observations)
            {
                return [.. _observations];
            }
        }
    }

    public int Reloads => Volatile.Read(ref _reloads);

    public async Task ReloadNowAsync(CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reloads);
        if (Observe is { } observe)
        {
            var seen = await observe();
            lock (_observations)
            {
                _observations.Add(seen);
            }
        }
    }
}
