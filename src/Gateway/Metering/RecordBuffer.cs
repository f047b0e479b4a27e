using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// A bounded in-memory buffer between the request path and a <see cref="RecordBufferWriter{T}"/> that empties it into
/// the database. Accepting a record never blocks or waits; when the buffer is full (the database is slow or down) the
/// record is dropped, counted on the buffer's dropped counter and reported in a rate-limited warning, never lost
/// silently.
/// </summary>
/// <remarks>Written by hand: no library offers a drop-counting, flush-signalling channel with these guarantees.</remarks>
public abstract class RecordBuffer<T>
    where T : class
{
    private readonly Channel<T> _channel;
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly TimeProvider _clock;
    private long _buffered;
    private int _flushThreshold = int.MaxValue;
    private TaskCompletionSource? _flushSignal;
    private long _droppedSinceWarning;
    private long _nextWarningTicks;
    private volatile bool _completed;

    /// <param name="instruments">The buffer's instrument names and unit: recorded, dropped and written counters and a buffered gauge.</param>
    protected RecordBuffer(int capacity, IMeterFactory meterFactory, RecordBufferInstruments instruments, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(instruments);
        Capacity = capacity;
        _clock = clock;
        // Wait mode, never DropWrite: in DropWrite mode TryWrite reports success for a record it threw away.
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });

        var meter = meterFactory.Create(UsageRecorder.MeterName);
        var (unit, what) = (instruments.Unit, instruments.Description);
        _recorded = meter.CreateCounter<long>(instruments.Recorded, unit, $"{what} accepted for writing.");
        _dropped = meter.CreateCounter<long>(instruments.Dropped, unit, $"{what} that were not stored, by reason.");
        _written = meter.CreateCounter<long>(instruments.Written, unit, $"{what} stored in the database.");
        meter.CreateObservableGauge(instruments.Buffered, () => (long)_channel.Reader.Count, unit, $"{what} waiting to be written.");
    }

    public int Capacity { get; }

    internal ChannelReader<T> Reader => _channel.Reader;

    public bool TryWrite(T record)
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

        _dropped.Add(1, new KeyValuePair<string, object?>(RecordBuffering.ReasonTag, _completed ? RecordBuffering.Stopped : RecordBuffering.BufferFull));
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
    internal void ReportLost(int count, string reason) => _dropped.Add(count, new KeyValuePair<string, object?>(RecordBuffering.ReasonTag, reason));

    protected TimeProvider Clock => _clock;

    /// <summary>Logs, at most once per <see cref="RecordBuffering.WarningInterval"/>, how many records were dropped since the last warning.</summary>
    protected abstract void LogDropped(long count, bool stopped);

    private void WarnDropped()
    {
        Interlocked.Increment(ref _droppedSinceWarning);
        var now = _clock.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextWarningTicks);
        // One caller wins the interval and reports everything dropped since the last warning; the others only count.
        if (now >= due && Interlocked.CompareExchange(ref _nextWarningTicks, now + RecordBuffering.WarningInterval.Ticks, due) == due)
        {
            LogDropped(Interlocked.Exchange(ref _droppedSinceWarning, 0), _completed);
        }
    }
}

/// <summary>The names of a <see cref="RecordBuffer{T}"/>'s instruments, its unit (<c>{record}</c>) and what it holds, for their descriptions.</summary>
public sealed record RecordBufferInstruments(string Recorded, string Dropped, string Written, string Buffered, string Unit, string Description);
