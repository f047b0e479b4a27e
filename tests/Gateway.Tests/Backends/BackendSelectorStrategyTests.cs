using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Backends.TestTargets;

namespace AiGateway.Gateway.Tests.Backends;

public sealed class BackendSelectorStrategyTests
{
    private static readonly Guid[] NoneTried = [];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CapacityTracker _capacity;
    private readonly DeploymentLatencies _latencies;
    private readonly CapacityOptions _options = new() { LatencyProbeEvery = 0, LatencySmoothing = 0.5 };
    private readonly BackendSelector _selector;

    public BackendSelectorStrategyTests()
    {
        var health = new BackendHealthTracker(_time, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()));
        _capacity = new CapacityTracker(_time);
        _latencies = new DeploymentLatencies(new TestOptionsMonitor<CapacityOptions>(_options));
        _selector = new BackendSelector(health, new HeadroomStrategy(_capacity), new LatencyStrategy(_latencies, new TestOptionsMonitor<CapacityOptions>(_options)));
    }

    [Fact]
    public void Select_Headroom_PicksTheDeploymentWithTheLargestShareLeft()
    {
        var a = Target(Backend(), weight: 10) with { RequestsPerMinute = 10 };
        var b = Target(Backend(), weight: 1) with { RequestsPerMinute = 10 };
        var alias = With(RoutingStrategy.Headroom, a, b);

        _capacity.Observe(a, tokensLeft: null, requestsLeft: 3, tokenLimit: null, requestLimit: null);
        _capacity.Observe(b, tokensLeft: null, requestsLeft: 6, tokenLimit: null, requestLimit: null);

        for (var i = 0; i < 50; i++)
        {
            Assert.Same(b, _selector.Select(alias, null, NoneTried, new Random(i)).Target);
        }
    }

    [Fact]
    public void Select_HeadroomTied_PrefersTheHigherWeightThenTheFirstListed()
    {
        var a = Target(Backend(), weight: 1);
        var b = Target(Backend(), weight: 5);
        var c = Target(Backend(), weight: 5);

        Assert.Same(b, _selector.Select(With(RoutingStrategy.Headroom, a, b, c), null, NoneTried, new Random(1)).Target);
    }

    [Fact]
    public void Select_Latency_PicksTheLowestAverage_UnmeasuredFirst()
    {
        var fast = Target(Backend());
        var slow = Target(Backend());
        var unmeasured = Target(Backend());
        _latencies.Record(fast.DeploymentId, 100);
        _latencies.Record(slow.DeploymentId, 1000);

        Assert.Same(unmeasured, _selector.Select(With(RoutingStrategy.Latency, slow, fast, unmeasured), null, NoneTried, new Random(1)).Target);
        Assert.Same(fast, _selector.Select(With(RoutingStrategy.Latency, slow, fast), null, NoneTried, new Random(1)).Target);
    }

    [Fact]
    public void Select_LatencyWithProbes_SendsOneInNToTheSlowest()
    {
        _options.LatencyProbeEvery = 5;
        var fast = Target(Backend());
        var slow = Target(Backend());
        _latencies.Record(fast.DeploymentId, 100);
        _latencies.Record(slow.DeploymentId, 1000);
        var alias = With(RoutingStrategy.Latency, fast, slow);

        var toSlow = Enumerable.Range(0, 100).Count(i => _selector.Select(alias, null, NoneTried, new Random(i)).Target == slow);

        Assert.Equal(20, toSlow);
    }

    [Fact]
    public void Record_MovingAverage_FollowsTheSmoothing()
    {
        var id = Guid.NewGuid();

        _latencies.Record(id, 1000);
        _latencies.Record(id, 200);

        Assert.Equal(600, _latencies.AverageMs(id));
    }

    [Fact]
    public void Select_StrategyStillSkipsTriedAndLowerTiersComeFirst()
    {
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var payg = Target(Backend(), tier: 1);
        _latencies.Record(ptu.DeploymentId, 5000);
        _latencies.Record(payg.DeploymentId, 10);
        var alias = With(RoutingStrategy.Latency, ptu, payg);

        Assert.Same(ptu, _selector.Select(alias, null, NoneTried, new Random(1)).Target);
        Assert.Same(payg, _selector.Select(alias, null, [ptu.DeploymentId], new Random(1)).Target);
    }

    private static AliasEntry With(RoutingStrategy strategy, params AliasTargetEntry[] targets) =>
        Alias(targets) with { Capacity = AliasCapacitySettings.Default with { Strategy = strategy } };
}
