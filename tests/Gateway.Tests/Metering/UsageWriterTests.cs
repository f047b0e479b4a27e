using AiGateway.Gateway.Metering;
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
    private MeteringDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await MeteringDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _metrics.Dispose();
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
    public async Task Running_WithAFlushInterval_FullBatchesAreWrittenAtOnceAndTheRestWhenTheIntervalEnds()
    {
        var (recorder, writer) = Create(batchSize: 2, flushIntervalMs: 1000);
        await writer.StartAsync(Ct);

        foreach (var record in UsageSamples.Records(5))
        {
            Assert.True(recorder.TryWrite(record));
        }

        // Two full batches go at once; the fifth record waits for the interval, with no time passed.
        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 4);
        Assert.Equal(TimeSpan.FromSeconds(1), await _clock.NextTimerAsync());
        await using (var db = _database.Inspect())
        {
            Assert.Equal(4, await db.UsageRecords.CountAsync(Ct));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        await _metrics.WaitAsync(UsageRecorder.WrittenCounter, 5);
        await using (var db = _database.Inspect())
        {
            Assert.Equal(5, (await db.UsageHourlyRollups.SingleAsync(Ct)).Requests);
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
    public async Task DatabaseDown_BufferFills_ExtraRecordsAreCountedAsDroppedAndTheRestWrittenOnRecovery()
    {
        var (recorder, writer) = Create(batchSize: 2, capacity: 5);
        _database.Down = true;
        var accepted = UsageSamples.Records(8).Count(recorder.TryWrite);
        await writer.StartAsync(Ct);
        var pause = await _clock.NextTimerAsync();

        // The writer holds one batch; the buffer has room for that many again.
        Assert.Equal(2, UsageSamples.Records(3, "more").Count(recorder.TryWrite));

        _database.Down = false;
        _clock.Advance(pause);
        await _clock.RunTimersUntilAsync(_metrics.WhenAsync(UsageRecorder.WrittenCounter, 7));
        await writer.StopAsync(Ct);

        Assert.Equal(5, accepted);
        Assert.Equal(7, _metrics.Total(UsageRecorder.WrittenCounter));
        Assert.Equal(4, _metrics.Total($"{UsageRecorder.DroppedCounter}:{RecordBuffering.BufferFull}"));
        await using var db = _database.Inspect();
        Assert.Equal(7, await db.UsageRecords.CountAsync(Ct));
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
    public async Task StopAsync_DatabaseDownAndShutdownTimeRunsOut_CountsAndLogsTheUnwrittenRecordsAsLost()
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

        Assert.Equal(5, _metrics.Total($"{UsageRecorder.DroppedCounter}:{RecordBuffering.Shutdown}"));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("5 usage records", StringComparison.Ordinal));
    }

    private (UsageRecorder Recorder, UsageWriter Writer) Create(int batchSize, int capacity = 1000, int flushIntervalMs = 0)
    {
        var options = Options.Create(new MeteringOptions { BatchSize = batchSize, BufferCapacity = capacity, FlushIntervalMilliseconds = flushIntervalMs });
        var recorder = new UsageRecorder(options, _metrics.Factory, _clock, new RecordingLogger<UsageRecorder>());
        var writer = new UsageWriter(recorder, new UsageRollupWriter(_database), options, _clock, _logger);
        return (recorder, writer);
    }
}
