using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiGateway.Gateway.Tests.Telemetry;

/// <summary>
/// Listens to the named activity sources and keeps the spans of one trace. Tests run side by side in one process and
/// a listener hears them all, so only activities whose parent is in <paramref name="traceId"/> are created at all:
/// other tests' requests see the listener but get no spans.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder(ActivityTraceId traceId, params string[] sources)
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
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans of the trace that have ended, in the order they ended.</summary>
    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public void Dispose() => _listener.Dispose();
}
