using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Throttling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Empties the <see cref="ThrottleEventRecorder"/>'s buffer into the database off the request path, on the same
/// rhythm and with the same failure handling as <see cref="UsageWriter"/>: up to <see cref="MeteringOptions.BatchSize"/>
/// events per transaction, gathered for <see cref="MeteringOptions.FlushIntervalMilliseconds"/>; a failed batch is
/// retried with a growing pause while the database is unreachable, and halved to find the one event a reachable
/// database keeps refusing; the buffer is drained on shutdown.
/// </summary>
public sealed partial class ThrottleEventWriter : BackgroundService
{
    private readonly ThrottleEventRecorder _recorder;
    private readonly ThrottleEventStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<ThrottleEventWriter> _logger;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _abort = new();

    public ThrottleEventWriter(ThrottleEventRecorder recorder, ThrottleEventStore store, IOptions<MeteringOptions> options, TimeProvider clock, ILogger<ThrottleEventWriter> logger)
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
        // As for usage: the web server has drained its requests by now; close the buffer and write what is in it.
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _abort.Token);
        var ct = stop.Token;
        var reader = _recorder.Reader;
        var batch = new List<ThrottleEvent>(Math.Min(_batchSize, 1024));
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                await GatherAsync(ct).ConfigureAwait(false);
                while (batch.Count < _batchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                _recorder.Taken(batch.Count);
                await WriteAsync(batch, splitAfter: UsageWriter.AttemptsBeforeSplitting, ct).ConfigureAwait(false);
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

    private async Task WriteAsync(List<ThrottleEvent> batch, int splitAfter, CancellationToken ct)
    {
        var delay = UsageWriter.FirstRetryDelay;
        var refusals = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.WriteAsync(batch, ct).ConfigureAwait(false);
                _recorder.ReportWritten(batch.Count);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reachable = await _store.CanConnectAsync(ct).ConfigureAwait(false);
                if (reachable && ++refusals >= (batch.Count == 1 ? UsageWriter.AttemptsBeforeSplitting : splitAfter))
                {
                    await SplitAsync(batch, e, ct).ConfigureAwait(false);
                    return;
                }

                Log.WriteFailed(_logger, batch.Count, attempt, reachable, delay.TotalSeconds, e);
            }

            await Task.Delay(delay, _clock, ct).ConfigureAwait(false);
            delay = delay * 2 < UsageWriter.MaxRetryDelay ? delay * 2 : UsageWriter.MaxRetryDelay;
        }
    }

    private async Task SplitAsync(List<ThrottleEvent> batch, Exception error, CancellationToken ct)
    {
        if (batch.Count == 1)
        {
            _recorder.ReportLost(1, UsageRecorder.Rejected);
            Log.Rejected(_logger, batch[0].RequestId, error);
            return;
        }

        var half = batch.Count / 2;
        await WriteAsync(batch[..half], splitAfter: 1, ct).ConfigureAwait(false);
        await WriteAsync(batch[half..], splitAfter: 1, ct).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write {Count} throttle events (attempt {Attempt}, database reachable: {Reachable}); retrying in {DelaySeconds} s")]
        public static partial void WriteFailed(ILogger logger, int count, int attempt, bool reachable, double delaySeconds, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "The database refuses the throttle event of request {RequestId}; it was dropped")]
        public static partial void Rejected(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Shutdown time ran out before {Count} throttle events could be written; they are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
