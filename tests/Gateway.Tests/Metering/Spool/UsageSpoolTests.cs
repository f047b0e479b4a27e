using System.Text;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Metering.Spool;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Metering.Spool;

/// <summary>The spool's files on a real folder: what is written reads back, what a crash cut is skipped, who owns which file.</summary>
public sealed class UsageSpoolTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"aigw-spool-{Guid.NewGuid():N}");
    private readonly MeteringMetrics _metrics = new();
    private readonly ReportingClock _clock = new();
    private readonly List<IDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _metrics.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Append_RecordsKeptOnlyOnDisk_ReadBackWithEveryField()
    {
        // A memory capacity of one record: the file alone holds them, and they are read back from it.
        var spool = Spool(new MeteringOptions { BufferCapacity = 1 });
        spool.Adopt();
        var written = new List<UsageRecord>
        {
            UsageSamples.Record("req-1"),
            Detailed("req-2"),
        };
        Assert.Equal(2, Append(spool, written).Spooled);
        spool.CompleteAppends();

        var segment = await spool.NextSegmentAsync(batchSize: 100, gatherFor: TimeSpan.FromSeconds(1), Ct);
        Assert.NotNull(segment);
        var read = UsageSpool.Read(segment, out var unreadable);

        Assert.Equal(0, unreadable);
        Assert.Equal(2, read.Count);
        Assert.NotSame(written[1], read[1]);
        Assert.Equivalent(written, read, strict: true);
        // One line each, readable once the spool lets go of the file (.NET's own readers honour its lock; cat does not).
        spool.Close();
        Assert.Equal(2, File.ReadAllLines(segment.Path).Length);
    }

    [Fact]
    public async Task Read_LastLineCutShortAndALineDamaged_SkipsAndCountsThemAndReadsTheRest()
    {
        Directory.CreateDirectory(_folder);
        var lines = new StringBuilder();
        lines.Append(Line(UsageSamples.Record("req-1")));
        lines.Append("{\"requestId\":\"damaged\",\n");
        lines.Append(Line(UsageSamples.Record("req-3")));
        var torn = Line(UsageSamples.Record("req-4"));
        lines.Append(torn[..(torn.Length / 2)]);
        await File.WriteAllTextAsync(Path.Combine(_folder, "usage-20261125T101500000Z-deadreplica1-000001.jsonl"), lines.ToString(), Ct);

        var spool = Spool();
        Assert.Equal((1, 3L), spool.Adopt());
        var segment = await spool.NextSegmentAsync(100, TimeSpan.Zero, Ct);
        var read = UsageSpool.Read(segment!, out var unreadable);

        Assert.Equal(["req-1", "req-3"], read.Select(r => r.RequestId));
        Assert.Equal(2, unreadable);
        Assert.True(segment!.Adopted);
    }

    [Fact]
    public async Task Adopt_FilesLeftByAStoppedReplica_AreHandedOutFirstAndMarkedAdopted()
    {
        var stopped = Spool();
        stopped.Adopt();
        Append(stopped, [UsageSamples.Record("old-1"), UsageSamples.Record("old-2")]);
        Assert.Equal((2L, 1), stopped.Close());

        var next = Spool();
        Assert.Equal((1, 2L), next.Adopt());
        Append(next, [UsageSamples.Record("new-1")]);
        next.CompleteAppends();

        var first = await next.NextSegmentAsync(100, TimeSpan.Zero, Ct);
        Assert.True(first!.Adopted);
        Assert.Equal(["old-1", "old-2"], UsageSpool.Read(first, out _).Select(r => r.RequestId));
        next.Remove(first);
        Assert.False(File.Exists(first.Path));

        var second = await next.NextSegmentAsync(100, TimeSpan.Zero, Ct);
        Assert.False(second!.Adopted);
        Assert.Equal(["new-1"], UsageSpool.Read(second, out _).Select(r => r.RequestId));
        next.Remove(second);
        Assert.Null(await next.NextSegmentAsync(100, TimeSpan.Zero, Ct));
        Assert.Equal((0L, 0L), (next.Records, next.Bytes));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Adopt_FileHeldByALiveReplica_IsLeftToIt()
    {
        var live = Spool();
        live.Adopt();
        Append(live, [UsageSamples.Record("live-1")]);
        var sealedFile = await live.NextSegmentAsync(100, TimeSpan.Zero, Ct);
        Append(live, [UsageSamples.Record("live-2")]);

        // Both the file handed to the database writer and the one being written stay the live replica's.
        var other = Spool();
        Assert.Equal((0, 0L), other.Adopt());
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
        Assert.Throws<IOException>(() => new FileStream(sealedFile!.Path, FileMode.Open, FileAccess.Read, FileShare.None).Dispose());

        // Once it stops, they are anyone's.
        live.Close();
        Assert.Equal((2, 2L), Spool().Adopt());
    }

    [Fact]
    public async Task NextSegmentAsync_FewerRecordsThanABatch_WaitsForTheIntervalThenHandsThemOut()
    {
        var spool = Spool();
        spool.Adopt();
        Append(spool, [UsageSamples.Record("req-1")]);

        var next = spool.NextSegmentAsync(batchSize: 10, gatherFor: TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(TimeSpan.FromSeconds(1), await _clock.NextTimerAsync());
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var segment = await next.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(1, segment!.Count);
    }

    [Fact]
    public void Append_BeyondSpoolMaxMegabytes_WritesWholeLinesUpToTheLimitAndRefusesTheRest()
    {
        var spool = Spool(new MeteringOptions { SpoolMaxMegabytes = 1 });
        spool.Adopt();
        var records = UsageSamples.Records(5000).ToList();

        var appended = Append(spool, records);

        Assert.Equal(5000, appended.Spooled + appended.Full);
        Assert.True(appended.Full > 0);
        Assert.InRange(spool.Bytes, 1024 * 1024 - 400, 1024 * 1024);
        Assert.Equal(appended.Spooled, spool.Records);
        Assert.Equal(1, Append(spool, [UsageSamples.Record("one-more")]).Full);
    }

    [Fact]
    public async Task HealthCheck_SpoolOverHalfItsLimit_IsDegradedWithItsFigures()
    {
        var options = new MeteringOptions { SpoolMaxMegabytes = 1 };
        var spool = Spool(options);
        spool.Adopt();
        var check = new UsageSpoolHealthCheck(spool, Microsoft.Extensions.Options.Options.Create(options));
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext();
        Append(spool, UsageSamples.Records(100).ToList());
        var healthy = await check.CheckHealthAsync(context, Ct);

        Append(spool, UsageSamples.Records(2000, "more").ToList());
        var degraded = await check.CheckHealthAsync(context, Ct);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, healthy.Status);
        Assert.Equal(100L, healthy.Data["spooledRecords"]);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, degraded.Status);
        Assert.Equal(spool.Records, degraded.Data["spooledRecords"]);
    }

    private UsageSpool Spool(MeteringOptions? options = null)
    {
        var spool = new UsageSpool(_folder, options ?? new MeteringOptions(), _metrics.Factory, _clock, new RecordingLogger<UsageSpool>());
        _owned.Add(spool);
        return spool;
    }

    private UsageSpoolAppend Append(UsageSpool spool, List<UsageRecord> records)
    {
        var lines = new UsageSpoolLines();
        _owned.Add(lines);
        lines.Encode(records);
        return spool.Append(records, lines);
    }

    private static string Line(UsageRecord record) =>
        System.Text.Json.JsonSerializer.Serialize(record, UsageSpoolJsonContext.Default.UsageRecord) + "\n";

    private static UsageRecord Detailed(string requestId)
    {
        var record = UsageSamples.Record(requestId, prompt: 1234, completion: 567, status: 429, cost: 0.00012345m);
        record.ApiKeyId = null;
        record.CachedPromptTokens = 12;
        record.ReasoningTokens = 34;
        record.AudioPromptTokens = 5;
        record.AudioCompletionTokens = 6;
        record.ServiceTier = "priority";
        record.TimeToFirstTokenMs = 87;
        record.Streamed = true;
        record.Estimated = true;
        record.At = new DateTimeOffset(2026, 11, 25, 10, 15, 30, 123, TimeSpan.Zero);
        return record;
    }
}
