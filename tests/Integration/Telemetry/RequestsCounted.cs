using System.Diagnostics.Metrics;
using AiGateway.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// Hears one gateway's <c>aigw.requests</c> (only that host's meter: tests run side by side), so a test scrapes once
/// the gateway has finished counting its requests. The client has its answer a moment before the request's last
/// step records it; the recorder counts the request last, after every other figure of it.
/// </summary>
internal sealed class RequestsCounted : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];
    private long _counted;

    public RequestsCounted(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Meter.Name == GatewayMetrics.MeterName
                && instrument.Name == GatewayMetrics.RequestsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Add(value));
        _listener.Start();
    }

    /// <summary>Requests this host has counted so far.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _counted;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests have been counted; fails after 10 s.</summary>
    public async Task WaitForAsync(long count)
    {
        Task reached;
        lock (_gate)
        {
            if (_counted >= count)
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
            _counted += value;
            foreach (var waiter in _waiters.Where(w => _counted >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }
}
