using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Empties a <see cref="RecordBuffer{T}"/> into the database off the request path: whatever is buffered, up to
/// <see cref="MeteringOptions.BatchSize"/> records gathered for <see cref="MeteringOptions.FlushIntervalMilliseconds"/>,
/// goes in one write.
/// </summary>
/// <remarks>
/// A batch that fails is kept and retried with a growing pause. While the database cannot be reached it is retried
/// until it can (the buffer is the bound: when it fills, new records are dropped and counted). When the database
/// answers but keeps refusing the batch, something in the data is wrong: after a few attempts the batch is halved
/// until the record it refuses is found, and only that one is dropped (counted and logged). On shutdown the buffer is
/// closed and drained before <see cref="StopAsync"/> returns; only when the host's shutdown time runs out are the
/// records still unwritten counted and logged as lost.
/// </remarks>
public abstract class RecordBufferWriter<T> : BackgroundService
    where T : class
{
    private readonly RecordBuffer<T> _buffer;
    private readonly TimeProvider _clock;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _abort = new();

    protected RecordBufferWriter(RecordBuffer<T> buffer, IOptions<MeteringOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _buffer = buffer;
        _clock = clock;
        _batchSize = options.Value.BatchSize;
        _flushInterval = TimeSpan.FromMilliseconds(options.Value.FlushIntervalMilliseconds);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The web server has stopped and drained its requests by now (it is the last hosted service started, so the
        // first stopped): close the buffer and write what is in it, for as long as the host allows.
        _buffer.Complete();
        if (ExecuteTask is { } running)
        {
            await using (cancellationToken.Register(static abort => ((CancellationTokenSource)abort!).Cancel(), _abort))
            {
                await running.ConfigureAwait(false);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Cancel();
        base.Dispose();
        _abort.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stores the batch in one transaction, or throws; returns how many records were stored (fewer when some already were).</summary>
    protected abstract Task<int> WriteBatchAsync(List<T> batch, CancellationToken ct);

    /// <summary>The buffer this writer empties.</summary>
    protected RecordBuffer<T> Buffer => _buffer;

    /// <summary>Fires when the host's shutdown time runs out: what is still unwritten then is not written by this process.</summary>
    protected CancellationToken ShutdownDeadline => _abort.Token;

    protected int BatchSize => _batchSize;

    protected TimeProvider Clock => _clock;

    protected TimeSpan FlushInterval => _flushInterval;

    /// <summary>Writes the batch as described on the type; returns once every record is stored or dropped.</summary>
    protected Task WriteAsync(List<T> batch, CancellationToken ct) => WriteAsync(batch, RecordBuffering.AttemptsBeforeSplitting, ct);

    /// <summary>Whether the database answers at all: tells an outage (retry until it ends) from a refusal (find the record).</summary>
    protected abstract Task<bool> CanConnectAsync(CancellationToken ct);

    protected abstract void LogWriteFailed(int count, int attempt, bool reachable, double delaySeconds, Exception exception);

    protected abstract void LogRecovered(int count, int attempt);

    /// <summary>The database refuses this one record: it is dropped (and counted as <c>rejected</c>).</summary>
    protected abstract void LogRejected(T record, Exception exception);

    protected abstract void LogLostAtShutdown(int count);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken alone: BackgroundService cancels it as shutdown begins, and the buffer must be drained
        // first. StopAsync completes the buffer, which ends the loop, and fires _abort if the host runs out of time.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _abort.Token);
        var ct = stop.Token;
        var reader = _buffer.Reader;
        var batch = new List<T>(Math.Min(_batchSize, 1024));
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                await GatherAsync(ct).ConfigureAwait(false);
                while (batch.Count < _batchSize && reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                _buffer.Taken(batch.Count);
                await WriteAsync(batch, splitAfter: RecordBuffering.AttemptsBeforeSplitting, ct).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var lost = batch.Count;
            while (reader.TryRead(out _))
            {
                lost++;
            }

            if (lost > 0)
            {
                _buffer.ReportLost(lost, RecordBuffering.Shutdown);
                LogLostAtShutdown(lost);
            }
        }
    }

    /// <summary>Lets records gather for the flush interval, or until a full batch waits or the buffer is closed.</summary>
    private async Task GatherAsync(CancellationToken ct)
    {
        if (_flushInterval <= TimeSpan.Zero)
        {
            return;
        }

        var buffered = _buffer.WhenBuffered(_batchSize);
        if (buffered.IsCompleted)
        {
            return;
        }

        using var interval = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var elapsed = Task.Delay(_flushInterval, _clock, interval.Token);
        await Task.WhenAny(buffered, elapsed).ConfigureAwait(false);
        await interval.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Writes the batch, retrying as described on the type; returns once every record is stored or dropped.</summary>
    private async Task WriteAsync(List<T> batch, int splitAfter, CancellationToken ct)
    {
        var delay = RecordBuffering.FirstRetryDelay;
        var refusals = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _buffer.ReportWritten(await WriteBatchAsync(batch, ct).ConfigureAwait(false));
                if (attempt > 1)
                {
                    LogRecovered(batch.Count, attempt);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reachable = await CanConnectAsync(ct).ConfigureAwait(false);
                if (reachable && ++refusals >= (batch.Count == 1 ? RecordBuffering.AttemptsBeforeSplitting : splitAfter))
                {
                    await SplitAsync(batch, e, ct).ConfigureAwait(false);
                    return;
                }

                LogWriteFailed(batch.Count, attempt, reachable, delay.TotalSeconds, e);
            }

            await Task.Delay(delay, _clock, ct).ConfigureAwait(false);
            delay = delay * 2 < RecordBuffering.MaxRetryDelay ? delay * 2 : RecordBuffering.MaxRetryDelay;
        }
    }

    private async Task SplitAsync(List<T> batch, Exception error, CancellationToken ct)
    {
        if (batch.Count == 1)
        {
            _buffer.ReportLost(1, RecordBuffering.Rejected);
            LogRejected(batch[0], error);
            return;
        }

        // The database is up but refuses the batch: find the record it refuses by halving. Halves are split at their
        // first refusal, so one bad record costs a few quick attempts, not a backoff per level.
        var half = batch.Count / 2;
        await WriteAsync(batch[..half], splitAfter: 1, ct).ConfigureAwait(false);
        await WriteAsync(batch[half..], splitAfter: 1, ct).ConfigureAwait(false);
    }
}
