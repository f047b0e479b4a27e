using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>
/// Quota refusals and backend throttles leave the request path through the throttle log into a bounded buffer, and a
/// background writer stores them in batches: the same shape, and the same promises, as usage records.
/// </summary>
public sealed class ThrottleEventWriterTests : IAsyncLifetime
{
    private readonly MeteringMetrics _metrics = new();
    private readonly ReportingClock _clock = new();
    private MeteringDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await MeteringDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _metrics.Dispose();
    }

    private static ClientKeyEntry Key() =>
        new(Guid.NewGuid(), Guid.NewGuid(), "batch-jobs", "sk-aigw-ab12", [1, 2, 3], AliasScope.All, null, null);

    [Fact]
    public async Task ThrottleLog_RefusalAndThrottle_AreStoredWithTheirReasons()
    {
        var (recorder, writer) = Create(batchSize: 10);
        var log = new ThrottleLog(_clock, sink: recorder);
        await writer.StartAsync(Ct);
        var target = TestTargets.Target(TestTargets.Backend());
        var gateway = LiveTrafficTests.Request(TestTargets.Alias(target), Key());
        var policy = Guid.NewGuid();

        log.RecordQuotaRefusal(gateway, new QuotaDecision(null, QuotaLimitKind.TokensPerMinute, policy, TimeSpan.FromSeconds(49.2), null, null));
        log.RecordBackendThrottle(gateway, target, TimeSpan.FromSeconds(7));

        await _metrics.WaitAsync(ThrottleEventRecorder.WrittenCounter, 2);
        await using var db = _database.Inspect();
        var events = await db.ThrottleEvents.OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal([ThrottleEventKind.QuotaRefusal, ThrottleEventKind.BackendThrottle], events.Select(e => e.Kind));
        var refusal = events[0];
        Assert.Equal(("TokensPerMinute", policy, 49_200, "batch-jobs", "sk-aigw-ab12"), (refusal.QuotaLimit, refusal.PolicyId, refusal.RetryAfterMs, refusal.KeyName, refusal.KeyPrefix));
        Assert.Equal((gateway.RequestId, "alpha", "gpt-4o"), (refusal.RequestId, refusal.TeamName, refusal.AliasName));
        var throttle = events[1];
        Assert.Equal((target.DeploymentId, target.Backend.Id, 7_000), (throttle.DeploymentId!.Value, throttle.BackendId!.Value, throttle.RetryAfterMs));
        Assert.Null(throttle.QuotaLimit);
        await writer.StopAsync(Ct);
    }

    [Fact]
    public void TryWrite_BufferFull_DropsAndCountsWithoutWaiting()
    {
        var (recorder, _) = Create(batchSize: 10, capacity: 2);

        Assert.True(recorder.TryWrite(Sample()));
        Assert.True(recorder.TryWrite(Sample()));
        Assert.False(recorder.TryWrite(Sample()));

        Assert.Equal(1, _metrics.Total($"{ThrottleEventRecorder.DroppedCounter}:buffer_full"));
    }

    [Fact]
    public async Task Running_DatabaseDown_KeepsTheBatchAndWritesItWhenTheDatabaseIsBack()
    {
        var (recorder, writer) = Create(batchSize: 10);
        _database.Down = true;
        await writer.StartAsync(Ct);

        Assert.True(recorder.TryWrite(Sample()));
        Assert.Equal(RecordBuffering.FirstRetryDelay, await _clock.NextTimerAsync());
        _database.Down = false;
        _clock.Advance(RecordBuffering.FirstRetryDelay);

        await _metrics.WaitAsync(ThrottleEventRecorder.WrittenCounter, 1);
        await using (var db = _database.Inspect())
        {
            Assert.Equal(1, await db.ThrottleEvents.CountAsync(Ct));
        }

        await writer.StopAsync(Ct);
    }

    [Fact]
    public async Task StopAsync_EventsBuffered_WritesThemBeforeStopping()
    {
        var (recorder, writer) = Create(batchSize: 100, flushIntervalMs: 60_000);
        await writer.StartAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(recorder.TryWrite(Sample()));
        }

        await writer.StopAsync(Ct);

        await using var db = _database.Inspect();
        Assert.Equal(3, await db.ThrottleEvents.CountAsync(Ct));
        Assert.False(recorder.TryWrite(Sample()));
    }

    private static ThrottleEvent Sample() => new()
    {
        At = new DateTimeOffset(2026, 11, 25, 10, 15, 10, TimeSpan.Zero),
        Kind = ThrottleEventKind.QuotaRefusal,
        RequestId = $"req-{Guid.NewGuid():N}",
        TeamId = Guid.NewGuid(),
        TeamName = "alpha",
        AliasName = "gpt-4o",
        QuotaLimit = "RequestsPerMinute",
    };

    private (ThrottleEventRecorder Recorder, ThrottleEventWriter Writer) Create(int batchSize, int capacity = 1000, int flushIntervalMs = 0)
    {
        var options = Options.Create(new MeteringOptions { BatchSize = batchSize, ThrottleEventBufferCapacity = capacity, FlushIntervalMilliseconds = flushIntervalMs });
        var recorder = new ThrottleEventRecorder(options, _metrics.Factory, _clock, new RecordingLogger<ThrottleEventRecorder>());
        var writer = new ThrottleEventWriter(recorder, new ThrottleEventStore(_database), options, _clock, new RecordingLogger<ThrottleEventWriter>());
        return (recorder, writer);
    }
}
