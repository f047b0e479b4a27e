using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AiGateway.Gateway.Metering;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>
/// A meter factory of its own and a listener on the usage counters made through it (so tests running in parallel do
/// not see each other's counts), with a way to wait until a counter reaches a total.
/// </summary>
internal sealed class MeteringMetrics : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly List<(string Key, long Total, TaskCompletionSource Reached)> _waiters = [];
    private readonly Lock _gate = new();

    public MeteringMetrics()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, Factory) && instrument.Meter.Name == UsageRecorder.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == RecordBuffering.ReasonTag)
                {
                    reason = tag.Value as string;
                }
            }

            Add(instrument.Name, value);
            if (reason is not null)
            {
                Add($"{instrument.Name}:{reason}", value);
            }
        });
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>The total of a counter, or of one <c>reason</c> of it with <c>"aigw.usage.dropped:buffer_full"</c>.</summary>
    public long Total(string key) => _totals.GetValueOrDefault(key);

    /// <summary>Completes when the counter's total reaches <paramref name="total"/>.</summary>
    public Task WhenAsync(string key, long total)
    {
        lock (_gate)
        {
            if (Total(key) >= total)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((key, total, reached));
            return reached.Task;
        }
    }

    /// <summary>Waits (bounded) until the counter reaches <paramref name="total"/>.</summary>
    public Task WaitAsync(string key, long total) =>
        WhenAsync(key, total).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(string key, long value)
    {
        lock (_gate)
        {
            var total = _totals.AddOrUpdate(key, value, (_, current) => current + value);
            foreach (var waiter in _waiters.Where(w => w.Key == key && total >= w.Total).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }
}
