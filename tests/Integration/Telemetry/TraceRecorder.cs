using System.Diagnostics;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// Listens to the named activity sources, as a tracing SDK would, and keeps the spans of one trace. Tests run side by
/// side in one process and a listener hears every host in it, so only activities whose parent is in
/// <paramref name="traceId"/> are created at all: other tests' requests get no spans.
/// </summary>
internal sealed class TraceRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly List<Activity> _stopped = [];
    private readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Found)> _waiters = [];

    public TraceRecorder(ActivityTraceId traceId, params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans of the trace that have ended so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Stopped
    {
        get
        {
            lock (_gate)
            {
                return [.. _stopped];
            }
        }
    }

    /// <summary>The first span of the trace that matches, once it has ended; fails after 10 s.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
    {
        Task<Activity> found;
        lock (_gate)
        {
            if (_stopped.FirstOrDefault(match) is { } ended)
            {
                return ended;
            }

            var waiter = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            found = waiter.Task;
        }

        return await found.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Activity activity)
    {
        lock (_gate)
        {
            _stopped.Add(activity);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(activity))
                {
                    _waiters[i].Found.TrySetResult(activity);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
