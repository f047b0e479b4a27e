using AiGateway.Gateway.Metering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class UsageRecorderTests : IDisposable
{
    private readonly MeteringMetrics _metrics = new();
    private readonly FakeTimeProvider _clock = new(UsageSamples.At);
    private readonly RecordingLogger<UsageRecorder> _logger = new();

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public void TryWrite_RoomInTheBuffer_AcceptsAndCountsRecorded()
    {
        var recorder = Recorder(capacity: 3);

        Assert.True(recorder.TryWrite(UsageSamples.Record("a")));
        Assert.True(recorder.TryWrite(UsageSamples.Record("b")));

        Assert.Equal(2, _metrics.Total(UsageRecorder.RecordedCounter));
        Assert.Equal(0, _metrics.Total(UsageRecorder.DroppedCounter));
        Assert.Equal(2, recorder.Reader.Count);
    }

    [Fact]
    public void TryWrite_BufferFull_ReturnsFalseAndCountsEachDrop()
    {
        var recorder = Recorder(capacity: 2);

        var accepted = UsageSamples.Records(5).Select(recorder.TryWrite).ToList();

        Assert.Equal([true, true, false, false, false], accepted);
        Assert.Equal(2, _metrics.Total(UsageRecorder.RecordedCounter));
        Assert.Equal(3, _metrics.Total(UsageRecorder.DroppedCounter));
        Assert.Equal(3, _metrics.Total($"{UsageRecorder.DroppedCounter}:{RecordBuffering.BufferFull}"));
        Assert.Equal(2, recorder.Reader.Count);
    }

    [Fact]
    public void TryWrite_ManyDropsWithinTheInterval_WarnsOnceThenReportsTheCountSinceTheLastWarning()
    {
        var recorder = Recorder(capacity: 1);
        recorder.TryWrite(UsageSamples.Record("kept"));

        foreach (var record in UsageSamples.Records(100))
        {
            recorder.TryWrite(record);
        }

        var first = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains("Dropped 1 usage records", first.Message, StringComparison.Ordinal);

        _clock.Advance(RecordBuffering.WarningInterval);
        recorder.TryWrite(UsageSamples.Record("one more"));

        Assert.Equal(2, _logger.Entries.Count);
        Assert.Contains("Dropped 100 usage records", _logger.Entries.Last().Message, StringComparison.Ordinal);
        Assert.Equal(101, _metrics.Total(UsageRecorder.DroppedCounter));
    }

    [Fact]
    public void TryWrite_AfterTheWriterStopped_ReturnsFalseAndCountsItAsStopped()
    {
        var recorder = Recorder(capacity: 10);
        recorder.Complete();

        Assert.False(recorder.TryWrite(UsageSamples.Record("late")));

        Assert.Equal(1, _metrics.Total($"{UsageRecorder.DroppedCounter}:{RecordBuffering.Stopped}"));
        Assert.Contains("after the usage writer stopped", Assert.Single(_logger.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryWrite_ConcurrentWritersOverCapacity_EveryRecordIsEitherBufferedOrCounted()
    {
        var recorder = Recorder(capacity: 1000);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
            UsageSamples.Records(500, $"w{w}").Count(recorder.TryWrite), TestContext.Current.CancellationToken)));

        Assert.Equal(1000, results.Sum());
        Assert.Equal(1000, _metrics.Total(UsageRecorder.RecordedCounter));
        Assert.Equal(3000, _metrics.Total(UsageRecorder.DroppedCounter));
        Assert.Equal(1000, recorder.Reader.Count);
    }

    private UsageRecorder Recorder(int capacity) =>
        new(Options.Create(new MeteringOptions { BufferCapacity = capacity }), _metrics.Factory, _clock, _logger);
}
