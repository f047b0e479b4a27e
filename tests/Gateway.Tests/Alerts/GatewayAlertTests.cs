using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Tests.Forwarding;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Metering;
using AiGateway.Shared.Services.Alerts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Alerts;

/// <summary>What the gateway itself raises: a circuit opening, and usage records dropped.</summary>
public sealed class GatewayAlertTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly RecordingAlertPublisher _alerts = new();

    [Fact]
    public void BackendFaults_OpeningTheCircuit_RaiseOneCircuitOpenedAlertPerOpening()
    {
        var health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions { CircuitFailureThreshold = 2, CircuitBreakSeconds = 30 }));
        var observer = new BackendHealthObserver(health, _alerts);
        var target = TestTargets.Target(TestTargets.Backend());

        Fault(observer, target);
        Assert.Empty(_alerts.Notices);
        Fault(observer, target);
        Fault(observer, target);

        var notice = Assert.Single(_alerts.Notices);
        Assert.Equal(AlertKind.CircuitOpened, notice.Kind);
        Assert.Contains(target.Backend.Name, notice.Title, StringComparison.Ordinal);
        Assert.Equal($"circuit:{target.Backend.Id}:202612011000", notice.DedupeKey);
        Assert.Equal("2026-12-01 10:00:30Z", notice.Facts["Open until"]);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Fault(observer, target);

        Assert.Equal(2, _alerts.Notices.Count);
    }

    [Fact]
    public void UsageRecordsDropped_RaiseAtMostOneAlertAMinute_WithEverythingDroppedSince()
    {
        using var metrics = new MeteringMetrics();
        var recorder = new UsageRecorder(Options.Create(new MeteringOptions { BufferCapacity = 1 }), metrics.Factory, _clock, new RecordingLogger<UsageRecorder>(), _alerts);

        Assert.Equal(1, UsageSamples.Records(4).Count(recorder.TryWrite));
        _clock.Advance(TimeSpan.FromSeconds(30));
        recorder.TryWrite(UsageSamples.Record("later"));
        Assert.Single(_alerts.Notices);
        _clock.Advance(TimeSpan.FromSeconds(31));
        recorder.TryWrite(UsageSamples.Record("a minute later"));

        Assert.Equal(["1", "4"], _alerts.Notices.Select(n => n.Facts["Dropped"]));
        Assert.All(_alerts.Notices, n => Assert.Equal(AlertKind.UsageDropped, n.Kind));
        Assert.Equal(2, _alerts.Notices.Select(n => n.DedupeKey).Distinct().Count());
    }

    private static void Fault(BackendHealthObserver observer, AliasTargetEntry target) =>
        observer.OnAttemptEnded(LiveTrafficTests.Request(TestTargets.Alias(target)), Outcomes.Of(target, AttemptResult.BackendFailed, 500, null));
}
