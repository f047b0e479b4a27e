using AiGateway.Gateway.Metering.Spool;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Moves usage records from the <see cref="UsageRecorder"/>'s buffer into the <see cref="UsageSpool"/> at once, and
/// from the spool into the database in batches, each in one transaction with its hourly rollups (retried and split as
/// <see cref="RecordBufferWriter{T}"/> describes). A spool file is deleted only after every record in it committed.
/// </summary>
/// <remarks>
/// <para>
/// Three loops: the spool writer takes whatever the buffer holds and appends it to the spool in one write per batch
/// (so a killed process loses only what was still in the buffer); an fsync loop forces the current spool file to disk
/// every <c>Metering:SpoolFsyncIntervalMilliseconds</c> (the bound on a machine crash's loss); the database writer
/// takes spool files in order, adopted ones first.
/// </para>
/// <para>
/// Records of an adopted file (left by a replica that died or stopped), and a batch retried after a failure that may
/// have committed, are written skipping the request ids already stored, so a crash between commit and deletion never
/// bills twice. Fresh records skip that look-up.
/// </para>
/// <para>
/// On shutdown the buffer is closed and spooled, the spool forced to disk, and the database writer drains for as long
/// as the host allows; what it could not commit stays in the spool, for the next replica that starts on the folder.
/// </para>
/// </remarks>
public sealed partial class UsageWriter(
    UsageRecorder recorder,
    UsageSpool spool,
    UsageRollupWriter store,
    IOptions<MeteringOptions> options,
    TimeProvider clock,
    ILogger<UsageWriter> logger)
    : RecordBufferWriter<UsageRecord>(recorder, options, clock)
{
    /// <summary>The most records the spool writer takes from the buffer for one write.</summary>
    private const int SpoolBatch = 1024;

    private readonly TimeSpan _fsyncInterval = TimeSpan.FromMilliseconds(options.Value.SpoolFsyncIntervalMilliseconds);
    private readonly int _spoolMegabytes = options.Value.SpoolMaxMegabytes;

    /// <summary>Whether the records being written may be stored already: look their request ids up first.</summary>
    private bool _mayBeStored;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken alone: BackgroundService cancels it as shutdown begins, and the buffer must be spooled and
        // the spool drained first. StopAsync completes the buffer, which ends the loops, and fires ShutdownDeadline
        // if the host runs out of time.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, ShutdownDeadline);
        var ct = stop.Token;
        var (files, records) = spool.Adopt();
        if (files > 0)
        {
            Log.Adopted(logger, records, files, spool.Folder);
        }

        using var spooled = new CancellationTokenSource();
        var draining = DrainAsync(ct);
        var syncing = SyncAsync(spooled.Token);
        try
        {
            await SpoolAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await spooled.CancelAsync().ConfigureAwait(false);
            await syncing.ConfigureAwait(false);
        }

        await draining.ConfigureAwait(false);
    }

    public override void Dispose()
    {
        spool.Close();
        base.Dispose();
    }

    protected override async Task<int> WriteBatchAsync(List<UsageRecord> batch, CancellationToken ct)
    {
        try
        {
            return await store.WriteAsync(batch, _mayBeStored, ct).ConfigureAwait(false);
        }
        catch
        {
            // A failure can come after the commit reached the server (a lost connection, a timeout): the retry must
            // skip what did commit.
            _mayBeStored = true;
            throw;
        }
    }

    protected override Task<bool> CanConnectAsync(CancellationToken ct) => store.CanConnectAsync(ct);

    protected override void LogWriteFailed(int count, int attempt, bool reachable, double delaySeconds, Exception exception) =>
        Log.WriteFailed(logger, count, attempt, reachable, delaySeconds, exception);

    protected override void LogRecovered(int count, int attempt) => Log.Recovered(logger, count, attempt);

    protected override void LogRejected(UsageRecord record, Exception exception) => Log.Rejected(logger, record.RequestId, record.TeamId, exception);

    protected override void LogLostAtShutdown(int count) => Log.LostAtShutdown(logger, count);

    /// <summary>Appends whatever the buffer holds to the spool, one write per batch taken, until the buffer is closed and empty.</summary>
    private async Task SpoolAsync(CancellationToken ct)
    {
        var reader = Buffer.Reader;
        var batch = new List<UsageRecord>(SpoolBatch);
        using var lines = new UsageSpoolLines();
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (batch.Count < SpoolBatch && reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                Buffer.Taken(batch.Count);
                // Serialised outside the spool's lock: the database writer never waits on JSON.
                lines.Encode(batch);
                var appended = spool.Append(batch, lines);
                if (appended.Full > 0)
                {
                    recorder.ReportSpoolDropped(appended.Full, RecordBuffering.SpoolFull, _spoolMegabytes);
                }

                if (appended.Failure is { } failure)
                {
                    Log.SpoolWriteFailed(logger, batch.Count, spool.Folder, failure);
                    recorder.ReportSpoolDropped(batch.Count, RecordBuffering.SpoolFailed, _spoolMegabytes);
                }

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
                Buffer.ReportLost(lost, RecordBuffering.Shutdown);
                LogLostAtShutdown(lost);
            }
        }
        finally
        {
            spool.CompleteAppends();
        }
    }

    /// <summary>Forces the spool's current file to disk at the fsync interval, until appends are complete (which forces it once more).</summary>
    private async Task SyncAsync(CancellationToken ct)
    {
        if (_fsyncInterval <= TimeSpan.Zero)
        {
            // Every append is forced to disk as it is written.
            return;
        }

        using var timer = new PeriodicTimer(_fsyncInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    spool.FlushToDisk();
                }
                catch (IOException e)
                {
                    Log.SpoolFlushFailed(logger, spool.Folder, e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes the spool's files to the database in order, deleting each once its records committed.</summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        try
        {
            while (await spool.NextSegmentAsync(BatchSize, FlushInterval, ct).ConfigureAwait(false) is { } segment)
            {
                try
                {
                    await WriteSegmentAsync(segment, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The file could not be read back or deleted: it stays first in line and is tried again (its
                    // records skipping those stored), while the spool writer goes on keeping new records.
                    Log.SpoolReadFailed(logger, segment.Path, RecordBuffering.MaxRetryDelay.TotalSeconds, e);
                    await Task.Delay(RecordBuffering.MaxRetryDelay, Clock, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var (records, files) = spool.Close();
            if (records > 0)
            {
                Log.KeptInSpool(logger, records, files, spool.Folder);
            }
        }
    }

    private async Task WriteSegmentAsync(UsageSpoolSegment segment, CancellationToken ct)
    {
        var records = UsageSpool.Read(segment, out var unreadable);
        if (unreadable > 0)
        {
            Buffer.ReportLost(unreadable, RecordBuffering.Torn);
            Log.Unreadable(logger, unreadable, segment.Path);
        }

        _mayBeStored = segment.Adopted;
        for (var start = 0; start < records.Count; start += BatchSize)
        {
            await WriteAsync(records.GetRange(start, Math.Min(BatchSize, records.Count - start)), ct).ConfigureAwait(false);
        }

        // Whatever happens next, this file's records are stored: a retry of it must skip them.
        _mayBeStored = true;
        spool.Remove(segment);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write {Count} usage records (attempt {Attempt}, database reachable: {Reachable}); retrying in {DelaySeconds} s")]
        public static partial void WriteFailed(ILogger logger, int count, int attempt, bool reachable, double delaySeconds, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Wrote {Count} usage records after {Attempt} attempts")]
        public static partial void Recovered(ILogger logger, int count, int attempt);

        [LoggerMessage(3, LogLevel.Error, "The database refuses the usage record of request {RequestId} (team {TeamId}); it was dropped")]
        public static partial void Rejected(ILogger logger, string requestId, Guid teamId, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Shutdown time ran out before {Count} usage records could be spooled; they are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);

        [LoggerMessage(5, LogLevel.Warning, "Shutdown time ran out before every usage record reached the database: {Count} records are kept in the spool ({Files} files in {Folder}), written at next start")]
        public static partial void KeptInSpool(ILogger logger, long count, int files, string folder);

        [LoggerMessage(6, LogLevel.Information, "Adopted {Count} usage records in {Files} spool files left in {Folder} by a replica that stopped; writing them first")]
        public static partial void Adopted(ILogger logger, long count, int files, string folder);

        [LoggerMessage(7, LogLevel.Warning, "Skipped {Count} unreadable lines of the usage spool file {Path} (cut short by a crash); those records are lost")]
        public static partial void Unreadable(ILogger logger, int count, string path);

        [LoggerMessage(8, LogLevel.Error, "Could not append {Count} usage records to the spool in {Folder}; they are dropped")]
        public static partial void SpoolWriteFailed(ILogger logger, int count, string folder, Exception exception);

        [LoggerMessage(9, LogLevel.Error, "Could not force the usage spool in {Folder} to disk")]
        public static partial void SpoolFlushFailed(ILogger logger, string folder, Exception exception);

        [LoggerMessage(10, LogLevel.Error, "Could not read back or delete the usage spool file {Path}; trying it again in {DelaySeconds} s")]
        public static partial void SpoolReadFailed(ILogger logger, string path, double delaySeconds, Exception exception);
    }
}
