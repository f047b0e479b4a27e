using System.Collections.Frozen;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Telemetry;

/// <summary>The backend health gauges, read through a real listener as an exporter's collection reads them.</summary>
public sealed class BackendHealthReadingsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly MetricsCapture _capture = new();
    private readonly BackendHealthTracker _health;
    private readonly BackendEntry _sweden = TestTargets.Backend("swedencentral");
    private readonly BackendEntry _eastus = TestTargets.Backend("eastus");
    private readonly AliasTargetEntry _ptu;
    private readonly AliasTargetEntry _paygo;

    public BackendHealthReadingsTests()
    {
        _health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(
            new GatewayOptions { CircuitFailureThreshold = 2, CircuitBreakSeconds = 30, DefaultThrottleSeconds = 10 }));
        _ptu = TestTargets.Target(_sweden, deploymentName: "ptu-chat");
        _paygo = TestTargets.Target(_eastus, deploymentName: "paygo-chat");
        var snapshots = new GatewaySnapshotStore();
        var chat = TestTargets.Alias(_ptu, _paygo) with { Name = "chat" };
        var mini = TestTargets.Alias(_paygo) with { Name = "mini" };
        snapshots.Publish(new GatewaySnapshot(
            1,
            GatewayRequests.Now,
            FrozenDictionary<string, ClientKeyEntry>.Empty,
            FrozenDictionary<Guid, TeamEntry>.Empty,
            FrozenDictionary<string, Guid>.Empty,
            new Dictionary<string, AliasEntry> { ["chat"] = chat, ["mini"] = mini }.ToFrozenDictionary(StringComparer.Ordinal),
            new Dictionary<Guid, BackendEntry> { [_sweden.Id] = _sweden, [_eastus.Id] = _eastus }.ToFrozenDictionary(),
            FrozenDictionary<(Guid Team, Guid Alias), QuotaLimits>.Empty));
        _ = new GatewayMetrics(_capture.Factory, new BackendHealthReadings(_health, snapshots));
    }

    public void Dispose() => _capture.Dispose();

    [Fact]
    public void CircuitOpen_IsOneForTheBackendWhoseCircuitOpened_AndZeroForTheOthers()
    {
        _health.ReportFailure(_sweden.Id);
        _health.ReportFailure(_sweden.Id);

        Assert.Equal(new Dictionary<string, double> { [_sweden.Name] = 1, [_eastus.Name] = 0 }, Read(GatewayMetrics.CircuitOpenName, "aigw.backend"));
    }

    [Fact]
    public void CircuitOpen_FallsBackToZero_OnceAProbeSucceeds()
    {
        _health.ReportFailure(_sweden.Id);
        _health.ReportFailure(_sweden.Id);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(_health.TryEnter(_sweden.Id));
        _health.ReportSuccess(_sweden.Id);

        Assert.Equal(0, Read(GatewayMetrics.CircuitOpenName, "aigw.backend")[_sweden.Name]);
    }

    [Fact]
    public void Resting_IsOneForTheThrottledDeployment_OncePerDeployment_UntilItsRestEnds()
    {
        _health.ReportThrottled(_paygo.DeploymentId, TimeSpan.FromSeconds(20));

        // paygo-chat serves two aliases and is still read once.
        Assert.Equal(new Dictionary<string, double> { ["ptu-chat"] = 0, ["paygo-chat"] = 1 }, Read(GatewayMetrics.DeploymentRestingName, "aigw.deployment"));
        var paygo = _capture.Of(GatewayMetrics.DeploymentRestingName).Single(m => m.Tag("aigw.deployment") == "paygo-chat");
        Assert.Equal(_eastus.Name, paygo.Tag("aigw.backend"));

        _clock.Advance(TimeSpan.FromSeconds(21));

        Assert.Equal(0, Read(GatewayMetrics.DeploymentRestingName, "aigw.deployment")["paygo-chat"]);
    }

    /// <summary>Collects now and returns the gauge's latest reading per value of <paramref name="key"/>.</summary>
    private Dictionary<string, double> Read(string gauge, string key)
    {
        var before = _capture.Of(gauge).Count;
        _capture.Observe();
        return _capture.Of(gauge).Skip(before).ToDictionary(m => m.Tag(key)!, m => m.Value);
    }
}
