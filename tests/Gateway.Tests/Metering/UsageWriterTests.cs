using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Metering.Spool;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class UsageWriterTests : IAsyncLifetime
{
    private readonly MeteringMetrics _metrics = new();
    private readonly ReportingClock _clock = new();
    private readonly RecordingLogger<UsageWriter> _logger = new();
    private readonly RecordingLogger<UsageRecorder> _recorderLogger = new();
    private readonly string _spoolFolder = Path.Combine(Path.GetTempPath(), $"aigw-spool-{Guid.NewGuid():N}");
    private readonly List<UsageSpool> _spools = [];
    private MeteringDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await MeteringDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var spool in _spools)
        {
            spool.Dispose();
        }

        await _database.DisposeAsync();
        _metrics.Dispose();
        if (Directory.Exists(_spoolFolder))
        {
            Directory.Delete(_spoolFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Running_RecordsArrive_TheyAreStoredInBatchesWithTheirRollup()
    {
        var (recorder, writer) = Create(batchSize: 2);
        await writer.StartAsync(Ct);

        foreach (var record in UsageSamples.Records(5))
        {
            Assert.True(recorder.TryWrite(record));
        }

        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 5);
        await using var db = _database.Inspect();
        Assert.Equal(5, await db.UsageRecords.CountAsync(Ct));
        var rollup = await db.UsageHourlyRollups.SingleAsync(Ct);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), rollup.HourStart);
        Assert.Equal(5, rollup.Requests);
        Assert.Equal(500, rollup.PromptTokens);
        Assert.Equal(100, rollup.CompletionTokens);
        Assert.Equal(0.005m, rollup.Cost, 10);
        await writer.StopAsync(Ct);
    }

    [Fact]
    public async Task Running_WithAFlushInterval_AFullBatchIsWrittenAtOnceAndLessWaitsForTheInterval()
    {
        var (recorder, writer) = Create(batchSize: 2, flushIntervalMs: 1000);
        await writer.StartAsync(Ct);

        // One record waits for the interval, with no time passed; a second makes a batch, and both go at once.
        Assert.True(recorder.TryWrite(UsageSamples.Record("req-1")));
        Assert.Equal(TimeSpan.FromSeconds(1), await _clock.NextTimerAsync());
        Assert.Equal(0, _metrics.Total(UsageRecorder.WrittenCounter));
        Assert.True(recorder.TryWrite(UsageSamples.Record("req-2")));
        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 2);

        Assert.True(recorder.TryWrite(UsageSamples.Record("req-3")));
        Assert.Equal(TimeSpan.FromSeconds(1), await _clock.NextTimerAsync());
        await using (var db = _database.Inspect())
        {
            Assert.Equal(2, await db.UsageRecords.CountAsync(Ct));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 3);
        await using (var db = _database.Inspect())
        {
            Assert.Equal(3, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
        }

        await writer.StopAsync(Ct);
    }

    [Fact]
    public async Task StopAsync_WhileGatheringForTheInterval_WritesAtOnce()
    {
        var (recorder, writer) = Create(batchSize: 100, flushIntervalMs: 60_000);
        await writer.StartAsync(Ct);
        foreach (var record in UsageSamples.Records(3))
        {
            Assert.True(recorder.TryWrite(record));
        }

        Assert.Equal(TimeSpan.FromMinutes(1), await _clock.NextTimerAsync());
        await writer.StopAsync(Ct);

        Assert.Equal(3, _metrics.Total(UsageRecorder.WrittenCounter));
        Assert.Equal(0, _metrics.Total(UsageRecorder.DroppedCounter));
    }

    [Fact]
    public async Task StopAsync_RecordsStillBuffered_WritesThemAllBeforeReturning()
    {
        var (recorder, writer) = Create(batchSize: 7);
        foreach (var record in UsageSamples.Records(100))
        {
            Assert.True(recorder.TryWrite(record));
        }

        await writer.StartAsync(Ct);
        await writer.StopAsync(Ct);

        Assert.Equal(100, _metrics.Total(UsageRecorder.WrittenCounter));
        Assert.Equal(0, _metrics.Total(UsageRecorder.DroppedCounter));
        await using var db = _database.Inspect();
        Assert.Equal(100, await db.UsageRecords.CountAsync(Ct));
        Assert.Equal(100, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
        Assert.False(recorder.TryWrite(UsageSamples.Record("after-stop")));
        Assert.Equal(1, _metrics.Total($"{UsageRecorder.DroppedCounter}:{RecordBuffering.Stopped}"));
    }

    [Fact]
    public async Task DatabaseDown_ThenBack_TheBatchIsRetriedAndNothingIsLost()
    {
        var (recorder, writer) = Create(batchSize: 10);
        _database.Down = true;
        await writer.StartAsync(Ct);
        foreach (var record in UsageSamples.Records(3))
        {
            recorder.TryWrite(record);
        }

        // Two failed attempts: the pause doubles, and the batch is kept.
        Assert.Equal(RecordBuffering.FirstRetryDelay, await _clock.NextTimerAsync());
        _clock.Advance(RecordBuffering.FirstRetryDelay);
        Assert.Equal(RecordBuffering.FirstRetryDelay * 2, await _clock.NextTimerAsync());
        await using (var db = _database.Inspect())
        {
            Assert.Equal(0, await db.UsageRecords.CountAsync(Ct));
        }

        _database.Down = false;
        _clock.Advance(RecordBuffering.FirstRetryDelay * 2);

        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 3);
        Assert.Equal(0, _metrics.Total(UsageRecorder.DroppedCounter));
        await using (var db = _database.Inspect())
        {
            Assert.Equal(3, await db.UsageRecords.CountAsync(Ct));
            Assert.Equal(3, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
        }

        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("database reachable: False", StringComparison.Ordinal));
        await writer.StopAsync(Ct);
    }

    [Fact]
    public async Task DatabaseDown_MoreRecordsThanTheBufferCapacity_SpillToTheSpoolFilesAndAllAreWrittenOnRecovery()
    {
        var (recorder, writer, spool) = CreateWithSpool(batchSize: 2, capacity: 5);
        _database.Down = true;
        await writer.StartAsync(Ct);
        Assert.True(recorder.TryWrite(UsageSamples.Record("first")));
        var pause = await _clock.NextTimerAsync();

        // Far beyond what memory holds, one at a time so the buffer in front of the spool never fills: the spool
        // keeps them on disk and nothing is dropped.
        var offered = UsageSamples.Records(40, "more");
        for (var i = 0; i < offered.Length; i++)
        {
            Assert.True(recorder.TryWrite(offered[i]));
            await WaitUntilAsync(() => spool.Records >= i + 2);
        }

        _database.Down = false;
        _clock.Advance(pause);
        await _clock.RunTimersUntilAsync(_metrics.WhenAsync(UsageRecorder.WrittenCounter, 41));
        await writer.StopAsync(Ct);

        Assert.Equal(0, _metrics.Total(UsageRecorder.DroppedCounter));
        await using var db = _database.Inspect();
        Assert.Equal(41, await db.UsageRecords.CountAsync(Ct));
        Assert.Equal(41, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
        Assert.Empty(Directory.GetFiles(_spoolFolder));
    }

    [Fact]
    public async Task DatabaseRefusesOneRecord_OnlyThatRecordIsDroppedAndCounted()
    {
        await _database.RefuseOneRecordAsync();
        var (recorder, writer) = Create(batchSize: 10);
        var records = UsageSamples.Records(6);
        records[4].RequestId = MeteringDatabase.RefusedRequestId;
        foreach (var record in records)
        {
            recorder.TryWrite(record);
        }

        await writer.StartAsync(Ct);
        await _clock.RunTimersUntilAsync(_metrics.WhenAsync($"{UsageRecorder.DroppedCounter}:{RecordBuffering.Rejected}", 1));
        await writer.StopAsync(Ct);

        Assert.Equal(5, _metrics.Total(UsageRecorder.WrittenCounter));
        Assert.Equal(1, _metrics.Total(UsageRecorder.DroppedCounter));
        await using var db = _database.Inspect();
        Assert.Equal(["req-1", "req-2", "req-3", "req-4", "req-6"], (await db.UsageRecords.Select(r => r.RequestId).ToListAsync(Ct)).Order());
        Assert.Equal(5, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("request " + MeteringDatabase.RefusedRequestId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_DatabaseDownAndShutdownTimeRunsOut_KeepsTheRecordsInTheSpoolForTheNextStart()
    {
        var (recorder, writer) = Create(batchSize: 2);
        _database.Down = true;
        foreach (var record in UsageSamples.Records(5))
        {
            recorder.TryWrite(record);
        }

        await writer.StartAsync(Ct);
        await _clock.NextTimerAsync();
        using var shutdownTimeout = new CancellationTokenSource();
        var stopping = writer.StopAsync(shutdownTimeout.Token);
        Assert.False(stopping.IsCompleted);

        await shutdownTimeout.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        writer.Dispose();

        Assert.Equal(0, _metrics.Total(UsageRecorder.DroppedCounter));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("5 records are kept in the spool", StringComparison.Ordinal));

        // The next start on the folder, with the database back, writes them.
        _database.Down = false;
        var (_, next) = Create(batchSize: 2);
        await next.StartAsync(Ct);
        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 5);
        await next.StopAsync(Ct);
        await using var db = _database.Inspect();
        Assert.Equal(5, await db.UsageRecords.CountAsync(Ct));
        Assert.Equal(5, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
        Assert.Empty(Directory.GetFiles(_spoolFolder));
    }

    [Fact]
    public async Task Start_SpoolFileWhoseRecordsWerePartlyStored_StoresOnlyTheRestAndRollupsStayExact()
    {
        // A replica committed three of five records and was killed before it deleted the file.
        await new UsageRollupWriter(_database).WriteAsync(UsageSamples.Records(3), Ct);
        using (var crashed = NewSpool())
        {
            crashed.Adopt();
            using var lines = new UsageSpoolLines();
            var records = UsageSamples.Records(5).ToList();
            lines.Encode(records);
            Assert.Equal(5, crashed.Append(records, lines).Spooled);
        }

        var (_, writer) = Create(batchSize: 2);
        await writer.StartAsync(Ct);
        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 2);
        await writer.StopAsync(Ct);

        Assert.Equal(2, _metrics.Total(UsageRecorder.WrittenCounter));
        await using var db = _database.Inspect();
        Assert.Equal(["req-1", "req-2", "req-3", "req-4", "req-5"], (await db.UsageRecords.Select(r => r.RequestId).ToListAsync(Ct)).Order());
        var rollup = await db.UsageHourlyRollups.SingleAsync(Ct);
        Assert.Equal(5, rollup.Requests);
        Assert.Equal(500, rollup.PromptTokens);
        Assert.Equal(0.005m, rollup.Cost, 10);
        Assert.Empty(Directory.GetFiles(_spoolFolder));
    }

    [Fact]
    public async Task CommitAcknowledgementLost_TheRetrySkipsWhatCommittedAndRollupsCountEachRecordOnce()
    {
        var (recorder, writer) = Create(batchSize: 10);
        _database.LoseNextCommitAcknowledgement = true;
        foreach (var record in UsageSamples.Records(4))
        {
            recorder.TryWrite(record);
        }

        await writer.StartAsync(Ct);
        Assert.Equal(RecordBuffering.FirstRetryDelay, await _clock.NextTimerAsync());
        _clock.Advance(RecordBuffering.FirstRetryDelay);
        await WaitUntilAsync(() => _logger.Entries.Any(e => e.Message.Contains("after 2 attempts", StringComparison.Ordinal)));
        await writer.StopAsync(Ct);

        // The first attempt stored all four; the retry found them and stored none.
        Assert.Equal(0, _metrics.Total(UsageRecorder.WrittenCounter));
        await using var db = _database.Inspect();
        Assert.Equal(4, await db.UsageRecords.CountAsync(Ct));
        Assert.Equal(4, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
    }

    [Fact]
    public async Task DatabaseDown_SpoolReachesItsLimit_FurtherRecordsAreDroppedAsSpoolFullAndTheRestWritten()
    {
        // About 300 bytes a line: 6,000 records are well over 1 MB.
        const int offered = 6000;
        var (recorder, writer, spool) = CreateWithSpool(batchSize: 500, capacity: offered, spoolMegabytes: 1);
        _database.Down = true;
        foreach (var record in UsageSamples.Records(offered, "over-the-limit"))
        {
            Assert.True(recorder.TryWrite(record));
        }

        await writer.StartAsync(Ct);
        var pause = await _clock.NextTimerAsync();
        await WaitUntilAsync(() => spool.Records + _metrics.Total(UsageRecorder.DroppedCounter) >= offered);
        var spooled = spool.Records;
        Assert.InRange(spool.Bytes, 1024 * 1024 - 1000, 1024 * 1024);
        Assert.Equal(offered - spooled, _metrics.Total($"{UsageRecorder.DroppedCounter}:{RecordBuffering.SpoolFull}"));
        Assert.Contains(_recorderLogger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("spool_full", StringComparison.Ordinal));

        _database.Down = false;
        _clock.Advance(pause);
        await _clock.RunTimersUntilAsync(_metrics.WhenAsync(UsageRecorder.WrittenCounter, spooled));
        await writer.StopAsync(Ct);
        await using var db = _database.Inspect();
        Assert.Equal(spooled, await db.UsageRecords.CountAsync(Ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private (UsageRecorder Recorder, UsageWriter Writer) Create(int batchSize, int capacity = 1000, int flushIntervalMs = 0)
    {
        var (recorder, writer, _) = CreateWithSpool(batchSize, capacity, flushIntervalMs);
        return (recorder, writer);
    }

    private (UsageRecorder Recorder, UsageWriter Writer, UsageSpool Spool) CreateWithSpool(int batchSize, int capacity = 1000, int flushIntervalMs = 0, int spoolMegabytes = 1024)
    {
        var options = Options.Create(new MeteringOptions { BatchSize = batchSize, BufferCapacity = capacity, FlushIntervalMilliseconds = flushIntervalMs, SpoolMaxMegabytes = spoolMegabytes });
        var recorder = new UsageRecorder(options, _metrics.Factory, _clock, _recorderLogger);
        var spool = NewSpool(options.Value);
        var writer = new UsageWriter(recorder, spool, new UsageRollupWriter(_database), options, _clock, _logger);
        return (recorder, writer, spool);
    }

    private UsageSpool NewSpool(MeteringOptions? options = null)
    {
        var spool = new UsageSpool(_spoolFolder, options ?? new MeteringOptions(), _metrics.Factory, _clock, new RecordingLogger<UsageSpool>());
        _spools.Add(spool);
        return spool;
    }
}
