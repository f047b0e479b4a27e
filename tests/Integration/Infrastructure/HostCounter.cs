using System.Diagnostics.Metrics;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// Totals one counter of one gateway host's own meter, so a test waits for what the gateway reports it has done
/// rather than guessing how long it takes. Only the given host's meter is heard (tests run side by side, each with its
/// own host).
/// </summary>
public sealed class HostCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];
    private long _written;

    private HostCounter(IServiceProvider services, string counter)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Meter.Name == UsageRecorder.MeterName
                && instrument.Name == counter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Add(value));
        _listener.Start();
    }

    /// <summary>What has been counted so far.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    /// <summary>The usage records the gateway has written to its database (<c>aigw.usage.written</c>): read usage as soon as it is stored.</summary>
    public static HostCounter UsageWritten(IServiceProvider services) => new(services, UsageRecorder.WrittenCounter);

    /// <summary>The quota refusals and backend throttles the gateway has written to its database (<c>aigw.throttle_events.written</c>).</summary>
    public static HostCounter ThrottleEventsWritten(IServiceProvider services) => new(services, ThrottleEventRecorder.WrittenCounter);

    /// <summary>
    /// The requests the gateway has counted (<c>aigw.requests</c>). The client has its answer a moment before the
    /// request's last step records it; the recorder counts the request last, after every other figure of it, so a
    /// test scrapes once this has reached its requests.
    /// </summary>
    public static HostCounter Requests(IServiceProvider services) => new(services, GatewayMetrics.RequestsName);

    /// <summary>Completes once the count has reached <paramref name="count"/>; fails after 10 s.</summary>
    public async Task WaitForAsync(long count)
    {
        Task reached;
        lock (_gate)
        {
            if (_written >= count)
            {
                return;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            reached = waiter.Task;
        }

        await reached.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public void Dispose() => _listener.Dispose();

    private void Add(long value)
    {
        lock (_gate)
        {
            _written += value;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_written >= _waiters[i].Count)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
