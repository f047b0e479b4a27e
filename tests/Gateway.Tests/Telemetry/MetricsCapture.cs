using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AiGateway.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Gateway.Tests.Telemetry;

/// <summary>
/// A meter factory of its own and a real <see cref="MeterListener"/> on the gateway's instruments made through it (so
/// tests running in parallel never see each other's measurements), keeping every measurement with its tags.
/// </summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public MetricsCapture()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, Factory) && instrument.Meter.Name == GatewayMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>Every measurement of <paramref name="instrument"/>, in the order recorded.</summary>
    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    /// <summary>Runs the observable instruments' callbacks now, as a reader's collection would.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue?.ToString();
        }

        _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
    }

    internal sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, string?> Tags)
    {
        public string? Tag(string key) => Tags.GetValueOrDefault(key);
    }
}
