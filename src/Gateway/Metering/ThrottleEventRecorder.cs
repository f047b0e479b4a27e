using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The request path's throttle event sink: a bounded in-memory buffer that <see cref="ThrottleEventWriter"/> empties
/// into the database, built like <see cref="UsageRecorder"/>. Accepting an event never blocks or waits; when the buffer
/// is full the event is dropped, counted on <c>aigw.throttle_events.dropped</c> and reported in a rate-limited warning.
/// </summary>
public sealed partial class ThrottleEventRecorder : IThrottleEventSink
{
    public const string RecordedCounter = "aigw.throttle_events.recorded";
    public const string DroppedCounter = "aigw.throttle_events.dropped";
    public const string WrittenCounter = "aigw.throttle_events.written";
    public const string BufferedGauge = "aigw.throttle_events.buffered";

    private readonly Channel<ThrottleEvent> _channel;
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly TimeProvider _clock;
    private readonly ILogger<ThrottleEventRecorder> _logger;
    private long _buffered;
    private int _flushThreshold = int.MaxValue;
    private TaskCompletionSource? _flushSignal;
    private long _droppedSinceWarning;
    private long _nextWarningTicks;
    private volatile bool _completed;

    public ThrottleEventRecorder(IOptions<MeteringOptions> options, IMeterFactory meterFactory, TimeProvider clock, ILogger<ThrottleEventRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        Capacity = options.Value.ThrottleEventBufferCapacity;
        _clock = clock;
        _logger = logger;
        // Wait mode, never DropWrite: in DropWrite mode TryWrite reports success for an event it threw away.
        _channel = Channel.CreateBounded<ThrottleEvent>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });

        var meter = meterFactory.Create(UsageRecorder.MeterName);
        _recorded = meter.CreateCounter<long>(RecordedCounter, "{event}", "Throttle events accepted for writing.");
        _dropped = meter.CreateCounter<long>(DroppedCounter, "{event}", "Throttle events that were not stored, by reason.");
        _written = meter.CreateCounter<long>(WrittenCounter, "{event}", "Throttle events stored in the database.");
        meter.CreateObservableGauge(BufferedGauge, () => (long)_channel.Reader.Count, "{event}", "Throttle events waiting to be written.");
    }

    public int Capacity { get; }

    internal ChannelReader<ThrottleEvent> Reader => _channel.Reader;

    public bool TryWrite(ThrottleEvent throttleEvent)
    {
        ArgumentNullException.ThrowIfNull(throttleEvent);
        if (_channel.Writer.TryWrite(throttleEvent))
        {
            _recorded.Add(1);
            if (Interlocked.Increment(ref _buffered) >= Volatile.Read(ref _flushThreshold))
            {
                Volatile.Read(ref _flushSignal)?.TrySetResult();
            }

            return true;
        }

        _dropped.Add(1, new KeyValuePair<string, object?>(UsageRecorder.ReasonTag, _completed ? UsageRecorder.Stopped : UsageRecorder.BufferFull));
        WarnDropped();
        return false;
    }

    /// <summary>No more events are accepted; the writer drains what is buffered.</summary>
    internal void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
        Volatile.Read(ref _flushSignal)?.TrySetResult();
    }

    /// <summary>A task that completes once <paramref name="threshold"/> events are buffered or the buffer is closed.</summary>
    internal Task WhenBuffered(int threshold)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _flushSignal, signal);
        Volatile.Write(ref _flushThreshold, threshold);
        // Events that arrived before the signal was armed count too.
        if (_completed || Interlocked.Read(ref _buffered) >= threshold)
        {
            signal.TrySetResult();
        }

        return signal.Task;
    }

    internal void Taken(int count) => Interlocked.Add(ref _buffered, -count);

    internal void ReportWritten(int count) => _written.Add(count);

    internal void ReportLost(int count, string reason) => _dropped.Add(count, new KeyValuePair<string, object?>(UsageRecorder.ReasonTag, reason));

    private void WarnDropped()
    {
        Interlocked.Increment(ref _droppedSinceWarning);
        var now = _clock.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextWarningTicks);
        // One caller wins the interval and reports everything dropped since the last warning; the others only count.
        if (now >= due && Interlocked.CompareExchange(ref _nextWarningTicks, now + UsageRecorder.WarningInterval.Ticks, due) == due)
        {
            var count = Interlocked.Exchange(ref _droppedSinceWarning, 0);
            Log.Dropped(_logger, count, Capacity, _completed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped {Count} throttle events (buffer of {Capacity}; writer stopped: {Stopped}) (see aigw.throttle_events.dropped)")]
        public static partial void Dropped(ILogger logger, long count, int capacity, bool stopped);
    }
}
