using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The request path's usage sink: a bounded in-memory buffer that <see cref="UsageWriter"/> empties into the database.
/// Accepting a record never blocks or waits; when the buffer is full (the database is slow or down) the record is
/// dropped, counted on <c>aigw.usage.dropped</c> and reported in a rate-limited warning, never lost silently.
/// </summary>
public sealed partial class UsageRecorder : IUsageSink
{
    public const string MeterName = "AiGateway.Gateway";
    public const string RecordedCounter = "aigw.usage.recorded";
    public const string DroppedCounter = "aigw.usage.dropped";
    public const string WrittenCounter = "aigw.usage.written";
    public const string BufferedGauge = "aigw.usage.buffered";

    /// <summary>The tag on <see cref="DroppedCounter"/> that says why: <c>buffer_full</c>, <c>stopped</c>, <c>rejected</c> or <c>shutdown</c>.</summary>
    public const string ReasonTag = "reason";

    internal const string BufferFull = "buffer_full";
    internal const string Stopped = "stopped";
    internal const string Rejected = "rejected";
    internal const string Shutdown = "shutdown";

    /// <summary>At most one warning per interval while records are being dropped; the next one says how many were.</summary>
    internal static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<UsageRecord> _channel;
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly TimeProvider _clock;
    private readonly ILogger<UsageRecorder> _logger;
    private long _buffered;
    private int _flushThreshold = int.MaxValue;
    private TaskCompletionSource? _flushSignal;
    private long _droppedSinceWarning;
    private long _nextWarningTicks;
    private volatile bool _completed;

    public UsageRecorder(IOptions<MeteringOptions> options, IMeterFactory meterFactory, TimeProvider clock, ILogger<UsageRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        Capacity = options.Value.BufferCapacity;
        _clock = clock;
        _logger = logger;
        // Wait mode, never DropWrite: in DropWrite mode TryWrite reports success for a record it threw away.
        _channel = Channel.CreateBounded<UsageRecord>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });

        var meter = meterFactory.Create(MeterName);
        _recorded = meter.CreateCounter<long>(RecordedCounter, "{record}", "Usage records accepted for writing.");
        _dropped = meter.CreateCounter<long>(DroppedCounter, "{record}", "Usage records that were not stored, by reason.");
        _written = meter.CreateCounter<long>(WrittenCounter, "{record}", "Usage records stored in the database.");
        meter.CreateObservableGauge(BufferedGauge, () => (long)_channel.Reader.Count, "{record}", "Usage records waiting to be written.");
    }

    public int Capacity { get; }

    internal ChannelReader<UsageRecord> Reader => _channel.Reader;

    public bool TryWrite(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_channel.Writer.TryWrite(record))
        {
            _recorded.Add(1);
            if (Interlocked.Increment(ref _buffered) >= Volatile.Read(ref _flushThreshold))
            {
                Volatile.Read(ref _flushSignal)?.TrySetResult();
            }

            return true;
        }

        _dropped.Add(1, new KeyValuePair<string, object?>(ReasonTag, _completed ? Stopped : BufferFull));
        WarnDropped();
        return false;
    }

    /// <summary>No more records are accepted; the writer drains what is buffered.</summary>
    internal void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
        Volatile.Read(ref _flushSignal)?.TrySetResult();
    }

    /// <summary>
    /// A task that completes once <paramref name="threshold"/> records are buffered or the buffer is closed: the
    /// writer's cue to stop gathering and write. Only the single writer arms it.
    /// </summary>
    internal Task WhenBuffered(int threshold)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _flushSignal, signal);
        Volatile.Write(ref _flushThreshold, threshold);
        // Records that arrived before the signal was armed count too.
        if (_completed || Interlocked.Read(ref _buffered) >= threshold)
        {
            signal.TrySetResult();
        }

        return signal.Task;
    }

    /// <summary>The writer took <paramref name="count"/> records out of the buffer.</summary>
    internal void Taken(int count) => Interlocked.Add(ref _buffered, -count);

    internal void ReportWritten(int count) => _written.Add(count);

    /// <summary>Records that were accepted but could not be stored: counted, and logged as an error by the writer.</summary>
    internal void ReportLost(int count, string reason) => _dropped.Add(count, new KeyValuePair<string, object?>(ReasonTag, reason));

    private void WarnDropped()
    {
        Interlocked.Increment(ref _droppedSinceWarning);
        var now = _clock.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextWarningTicks);
        // One caller wins the interval and reports everything dropped since the last warning; the others only count.
        if (now >= due && Interlocked.CompareExchange(ref _nextWarningTicks, now + WarningInterval.Ticks, due) == due)
        {
            var count = Interlocked.Exchange(ref _droppedSinceWarning, 0);
            if (_completed)
            {
                Log.DroppedAfterStop(_logger, count);
            }
            else
            {
                Log.DroppedBufferFull(_logger, count, Capacity);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped {Count} usage records: the usage buffer ({Capacity} records) is full because the database is not keeping up (see aigw.usage.dropped)")]
        public static partial void DroppedBufferFull(ILogger logger, long count, int capacity);

        [LoggerMessage(2, LogLevel.Warning, "Dropped {Count} usage records offered after the usage writer stopped (see aigw.usage.dropped)")]
        public static partial void DroppedAfterStop(ILogger logger, long count);
    }
}
