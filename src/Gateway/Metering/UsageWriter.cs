using AiGateway.Gateway.Context;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Empties the <see cref="UsageRecorder"/>'s buffer into the database off the request path: whatever is buffered, up to
/// <see cref="MeteringOptions.BatchSize"/> records, goes in one transaction with its hourly rollups.
/// </summary>
/// <remarks>
/// A batch that fails is kept and retried with a growing pause. While the database cannot be reached it is retried
/// until it can (the buffer is the bound: when it fills, new records are dropped and counted). When the database
/// answers but keeps refusing the batch, something in the data is wrong: after a few attempts the batch is halved
/// until the record it refuses is found, and only that one is dropped (counted and logged). On shutdown the buffer is
/// closed and drained before <see cref="StopAsync"/> returns; only when the host's shutdown time runs out are the
/// records still unwritten counted and logged as lost.
/// </remarks>
public sealed partial class UsageWriter : BackgroundService
{
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Failed attempts against a reachable database before a batch is halved, or a single record dropped.</summary>
    internal const int AttemptsBeforeSplitting = 5;

    private readonly UsageRecorder _recorder;
    private readonly UsageRollupWriter _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<UsageWriter> _logger;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _abort = new();

    public UsageWriter(UsageRecorder recorder, UsageRollupWriter store, IOptions<MeteringOptions> options, TimeProvider clock, ILogger<UsageWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _recorder = recorder;
        _store = store;
        _clock = clock;
        _logger = logger;
        _batchSize = options.Value.BatchSize;
        _flushInterval = TimeSpan.FromMilliseconds(options.Value.FlushIntervalMilliseconds);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The web server has stopped and drained its requests by now (it is the last hosted service started, so the
        // first stopped): close the buffer and write what is in it, for as long as the host allows.
        _recorder.Complete();
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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken alone: BackgroundService cancels it as shutdown begins, and the buffer must be drained
        // first. StopAsync completes the buffer, which ends the loop, and fires _abort if the host runs out of time.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _abort.Token);
        var ct = stop.Token;
        var reader = _recorder.Reader;
        var batch = new List<UsageRecord>(Math.Min(_batchSize, 1024));
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                await GatherAsync(ct).ConfigureAwait(false);
                while (batch.Count < _batchSize && reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                _recorder.Taken(batch.Count);

                await WriteAsync(batch, splitAfter: AttemptsBeforeSplitting, ct).ConfigureAwait(false);
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
                _recorder.ReportLost(lost, UsageRecorder.Shutdown);
                Log.LostAtShutdown(_logger, lost);
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

        var buffered = _recorder.WhenBuffered(_batchSize);
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
    private async Task WriteAsync(List<UsageRecord> batch, int splitAfter, CancellationToken ct)
    {
        var delay = FirstRetryDelay;
        var refusals = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.WriteAsync(batch, ct).ConfigureAwait(false);
                _recorder.ReportWritten(batch.Count);
                if (attempt > 1)
                {
                    Log.Recovered(_logger, batch.Count, attempt);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reachable = await _store.CanConnectAsync(ct).ConfigureAwait(false);
                if (reachable && ++refusals >= (batch.Count == 1 ? AttemptsBeforeSplitting : splitAfter))
                {
                    await SplitAsync(batch, e, ct).ConfigureAwait(false);
                    return;
                }

                Log.WriteFailed(_logger, batch.Count, attempt, reachable, delay.TotalSeconds, e);
            }

            await Task.Delay(delay, _clock, ct).ConfigureAwait(false);
            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    private async Task SplitAsync(List<UsageRecord> batch, Exception error, CancellationToken ct)
    {
        if (batch.Count == 1)
        {
            _recorder.ReportLost(1, UsageRecorder.Rejected);
            Log.Rejected(_logger, batch[0].RequestId, batch[0].TeamId, error);
            return;
        }

        // The database is up but refuses the batch: find the record it refuses by halving. Halves are split at their
        // first refusal, so one bad record costs a few quick attempts, not a backoff per level.
        var half = batch.Count / 2;
        await WriteAsync(batch[..half], splitAfter: 1, ct).ConfigureAwait(false);
        await WriteAsync(batch[half..], splitAfter: 1, ct).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write {Count} usage records (attempt {Attempt}, database reachable: {Reachable}); retrying in {DelaySeconds} s")]
        public static partial void WriteFailed(ILogger logger, int count, int attempt, bool reachable, double delaySeconds, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Wrote {Count} usage records after {Attempt} attempts")]
        public static partial void Recovered(ILogger logger, int count, int attempt);

        [LoggerMessage(3, LogLevel.Error, "The database refuses the usage record of request {RequestId} (team {TeamId}); it was dropped")]
        public static partial void Rejected(ILogger logger, string requestId, Guid teamId, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Shutdown time ran out before {Count} usage records could be written; they are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
