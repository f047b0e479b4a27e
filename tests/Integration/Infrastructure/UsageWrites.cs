using System.Diagnostics.Metrics;
using AiGateway.Gateway.Metering;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// Counts the usage records one gateway has written to its database, from its own <c>aigw.usage.written</c> metric,
/// so a test can read usage through the management API as soon as it is stored rather than guessing how long the
/// writer takes. Only the given host's meter is heard (tests run side by side, each with its own host).
/// <see cref="ThrottleEvents"/> does the same for the throttle events (<c>aigw.throttle_events.written</c>).
/// </summary>
public sealed class UsageWrites : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _waiters = [];
    private long _written;

    public UsageWrites(IServiceProvider services)
        : this(services, UsageRecorder.WrittenCounter)
    {
    }

    private UsageWrites(IServiceProvider services, string counter)
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

    /// <summary>Counts the quota refusals and backend throttles the gateway has written to its database.</summary>
    public static UsageWrites ThrottleEvents(IServiceProvider services) => new(services, ThrottleEventRecorder.WrittenCounter);

    /// <summary>Completes once <paramref name="count"/> records have been written; fails after 10 s.</summary>
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
