using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Backends;

public sealed class BackendHealthTrackerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly GatewayOptions _options = new()
    {
        DefaultThrottleSeconds = 10,
        MaxThrottleSeconds = 60,
        CircuitFailureThreshold = 3,
        CircuitBreakSeconds = 30,
    };

    private readonly BackendHealthTracker _tracker;

    public BackendHealthTrackerTests()
    {
        _tracker = new BackendHealthTracker(_time, new TestOptionsMonitor<GatewayOptions>(_options));
    }

    [Fact]
    public void ThrottledUntil_NothingReported_ReturnsNull()
    {
        Assert.Null(_tracker.ThrottledUntil(Guid.NewGuid()));
    }

    [Fact]
    public void ReportThrottled_RetryAfterGiven_RestsThatDeploymentForExactlyThatLong()
    {
        var deployment = Guid.NewGuid();
        var start = _time.GetUtcNow();

        var rest = _tracker.ReportThrottled(deployment, TimeSpan.FromMilliseconds(7_500));

        Assert.Equal(TimeSpan.FromMilliseconds(7_500), rest);
        Assert.Equal(start.AddMilliseconds(7_500), _tracker.ThrottledUntil(deployment));
    }

    [Fact]
    public void ReportThrottled_OneDeployment_LeavesOtherDeploymentsUsable()
    {
        var throttled = Guid.NewGuid();
        var sibling = Guid.NewGuid();

        _tracker.ReportThrottled(throttled, TimeSpan.FromSeconds(5));

        Assert.NotNull(_tracker.ThrottledUntil(throttled));
        Assert.Null(_tracker.ThrottledUntil(sibling));
    }

    [Fact]
    public void ReportThrottled_RetryAfterBeyondMax_CapsRestAtMaxThrottleSeconds()
    {
        var deployment = Guid.NewGuid();
        var start = _time.GetUtcNow();

        var rest = _tracker.ReportThrottled(deployment, TimeSpan.FromHours(2));

        Assert.Equal(TimeSpan.FromSeconds(60), rest);
        Assert.Equal(start.AddSeconds(60), _tracker.ThrottledUntil(deployment));
    }

    [Fact]
    public void ReportThrottled_LongestPossibleRetryAfter_CapsRestAtMaxThrottleSeconds()
    {
        var deployment = Guid.NewGuid();

        var rest = _tracker.ReportThrottled(deployment, TimeSpan.MaxValue);

        Assert.Equal(TimeSpan.FromSeconds(60), rest);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), _tracker.ThrottledUntil(deployment));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    public void ReportThrottled_NoOrNonPositiveRetryAfter_RestsForDefaultThrottleSeconds(double? retryAfterSeconds)
    {
        var deployment = Guid.NewGuid();
        var start = _time.GetUtcNow();
        TimeSpan? retryAfter = retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

        var rest = _tracker.ReportThrottled(deployment, retryAfter);

        Assert.Equal(TimeSpan.FromSeconds(10), rest);
        Assert.Equal(start.AddSeconds(10), _tracker.ThrottledUntil(deployment));
    }

    [Fact]
    public void ReportThrottled_SettingsChanged_UsesCurrentSettings()
    {
        var deployment = Guid.NewGuid();
        _options.DefaultThrottleSeconds = 2;

        var rest = _tracker.ReportThrottled(deployment, null);

        Assert.Equal(TimeSpan.FromSeconds(2), rest);
    }

    [Fact]
    public void ThrottledUntil_RestElapsed_ReturnsNull()
    {
        var deployment = Guid.NewGuid();
        _tracker.ReportThrottled(deployment, TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.NotNull(_tracker.ThrottledUntil(deployment));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(_tracker.ThrottledUntil(deployment));
    }

    [Fact]
    public void ReportThrottled_LaterShorterRetryAfter_DoesNotShortenRest()
    {
        var deployment = Guid.NewGuid();
        var start = _time.GetUtcNow();
        _tracker.ReportThrottled(deployment, TimeSpan.FromSeconds(20));
        _time.Advance(TimeSpan.FromSeconds(1));

        _tracker.ReportThrottled(deployment, TimeSpan.FromSeconds(2));

        Assert.Equal(start.AddSeconds(20), _tracker.ThrottledUntil(deployment));
    }

    [Fact]
    public void ReportThrottled_LaterLongerRetryAfter_ExtendsRest()
    {
        var deployment = Guid.NewGuid();
        _tracker.ReportThrottled(deployment, TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(1));

        _tracker.ReportThrottled(deployment, TimeSpan.FromSeconds(20));

        Assert.Equal(_time.GetUtcNow().AddSeconds(20), _tracker.ThrottledUntil(deployment));
    }

    [Fact]
    public void ReportThrottled_AnyDeployment_LeavesBackendCircuitClosed()
    {
        var backend = Guid.NewGuid();

        _tracker.ReportThrottled(Guid.NewGuid(), TimeSpan.FromSeconds(5));

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
    }

    [Fact]
    public void TryEnter_NoFailureReported_AlwaysAllows()
    {
        var backend = Guid.NewGuid();

        Assert.True(_tracker.TryEnter(backend));
        Assert.True(_tracker.TryEnter(backend));
        Assert.Null(_tracker.CircuitOpenUntil(backend));
    }

    [Fact]
    public void ReportFailure_BelowThreshold_KeepsCircuitClosed()
    {
        var backend = Guid.NewGuid();

        _tracker.ReportFailure(backend);
        _tracker.ReportFailure(backend);

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
        Assert.True(_tracker.TryEnter(backend));
    }

    [Fact]
    public void ReportFailure_ReachingThreshold_OpensCircuitForCircuitBreakSeconds()
    {
        var backend = Guid.NewGuid();

        ReportFailures(backend, 3);

        Assert.Equal(_time.GetUtcNow().AddSeconds(30), _tracker.CircuitOpenUntil(backend));
        Assert.False(_tracker.TryEnter(backend));
    }

    [Fact]
    public void ReportFailure_OneBackend_LeavesOtherBackendsClosed()
    {
        var failing = Guid.NewGuid();
        var healthy = Guid.NewGuid();

        ReportFailures(failing, 3);

        Assert.Null(_tracker.CircuitOpenUntil(healthy));
        Assert.True(_tracker.TryEnter(healthy));
    }

    [Fact]
    public void ReportSuccess_BetweenFailures_ResetsConsecutiveCount()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 2);

        _tracker.ReportSuccess(backend);
        ReportFailures(backend, 2);

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
    }

    [Fact]
    public void TryEnter_CircuitOpenAndBreakNotElapsed_Refuses()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));

        Assert.False(_tracker.TryEnter(backend));
        Assert.NotNull(_tracker.CircuitOpenUntil(backend));
    }

    [Fact]
    public void TryEnter_BreakElapsed_AllowsOneProbeAtATime()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
        Assert.False(_tracker.TryEnter(backend));
        Assert.False(_tracker.TryEnter(backend));
    }

    [Fact]
    public void CircuitOpenUntil_ProbeInFlight_ReportsBlockedForAShortWhile()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_tracker.TryEnter(backend));

        Assert.Equal(_time.GetUtcNow().AddSeconds(1), _tracker.CircuitOpenUntil(backend));
    }

    [Fact]
    public void ReportFailure_ProbeFailed_ReopensCircuitForCircuitBreakSeconds()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.True(_tracker.TryEnter(backend));

        _tracker.ReportFailure(backend);

        Assert.Equal(_time.GetUtcNow().AddSeconds(30), _tracker.CircuitOpenUntil(backend));
        Assert.False(_tracker.TryEnter(backend));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_tracker.TryEnter(backend));
    }

    [Fact]
    public void ReportSuccess_ProbeSucceeded_ClosesCircuit()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_tracker.TryEnter(backend));

        _tracker.ReportSuccess(backend);

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
        Assert.True(_tracker.TryEnter(backend));
    }

    [Fact]
    public void ReportFailure_AfterProbeSucceeded_CountsFromZeroAgain()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_tracker.TryEnter(backend));
        _tracker.ReportSuccess(backend);

        ReportFailures(backend, 2);

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
    }

    [Fact]
    public void ReleaseProbe_ProbeNeverReachedTheBackend_LetsTheNextRequestProbe()
    {
        var backend = Guid.NewGuid();
        ReportFailures(backend, 3);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_tracker.TryEnter(backend));
        Assert.False(_tracker.TryEnter(backend));

        _tracker.ReleaseProbe(backend);

        Assert.Null(_tracker.CircuitOpenUntil(backend));
        Assert.True(_tracker.TryEnter(backend));
    }

    private void ReportFailures(Guid backend, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _tracker.ReportFailure(backend);
        }
    }
}
