using System.Collections.Frozen;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Backends.TestTargets;

namespace AiGateway.Gateway.Tests.Backends;

public sealed class BackendSelectorTests
{
    private static readonly Guid[] NoneTried = [];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly BackendHealthTracker _health;
    private readonly BackendSelector _selector;

    public BackendSelectorTests()
    {
        var options = new GatewayOptions
        {
            DefaultThrottleSeconds = 10,
            MaxThrottleSeconds = 300,
            CircuitFailureThreshold = 1,
            CircuitBreakSeconds = 30,
        };
        _health = new BackendHealthTracker(_time, new TestOptionsMonitor<GatewayOptions>(options));
        _selector = new BackendSelector(_health);
    }

    [Fact]
    public void Select_ProvisionedAndStandardUsable_AlwaysPicksTierZero()
    {
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var paygA = Target(Backend(), weight: 100, tier: 1);
        var paygB = Target(Backend(), weight: 100, tier: 1);
        var alias = Alias(ptu, paygA, paygB);
        var random = new Random(42);

        for (var i = 0; i < 200; i++)
        {
            var selection = _selector.Select(alias, null, NoneTried, random);

            Assert.Same(ptu, selection.Target);
            Assert.Null(selection.ThrottledUntil ?? selection.DownUntil);
        }
    }

    [Fact]
    public void Select_TierZeroThrottled_SpillsToTierOne()
    {
        var ptuA = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var ptuB = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var payg = Target(Backend(), tier: 1);
        _health.ReportThrottled(ptuA.DeploymentId, TimeSpan.FromSeconds(5));
        _health.ReportThrottled(ptuB.DeploymentId, TimeSpan.FromSeconds(5));

        var selection = _selector.Select(Alias(ptuA, ptuB, payg), null, NoneTried, new Random(42));

        Assert.Same(payg, selection.Target);
        Assert.Null(selection.ThrottledUntil ?? selection.DownUntil);
    }

    [Fact]
    public void Select_TierZeroPartlyThrottled_StaysInTierZero()
    {
        var ptuA = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var ptuB = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var payg = Target(Backend(), weight: 1000, tier: 1);
        _health.ReportThrottled(ptuA.DeploymentId, TimeSpan.FromSeconds(5));
        var alias = Alias(ptuA, ptuB, payg);
        var random = new Random(42);

        for (var i = 0; i < 50; i++)
        {
            Assert.Same(ptuB, _selector.Select(alias, null, NoneTried, random).Target);
        }
    }

    [Fact]
    public void Select_TierZeroCircuitOpen_SpillsToTierOne()
    {
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var payg = Target(Backend(), tier: 1);
        _health.ReportFailure(ptu.Backend.Id);

        var selection = _selector.Select(Alias(ptu, payg), null, NoneTried, new Random(42));

        Assert.Same(payg, selection.Target);
    }

    [Fact]
    public void Select_TierZeroRestOver_ReturnsToTierZero()
    {
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var payg = Target(Backend(), tier: 1);
        var alias = Alias(ptu, payg);
        _health.ReportThrottled(ptu.DeploymentId, TimeSpan.FromSeconds(5));
        Assert.Same(payg, _selector.Select(alias, null, NoneTried, new Random(42)).Target);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Same(ptu, _selector.Select(alias, null, NoneTried, new Random(42)).Target);
    }

    [Fact]
    public void Select_WeightedTier_PicksInProportionToWeights()
    {
        const int Draws = 20_000;
        var light = Target(Backend(), weight: 1);
        var middle = Target(Backend(), weight: 3);
        var heavy = Target(Backend(), weight: 6);
        var alias = Alias(light, middle, heavy);
        var counts = new Dictionary<Guid, int> { [light.DeploymentId] = 0, [middle.DeploymentId] = 0, [heavy.DeploymentId] = 0 };
        var random = new Random(42);

        for (var i = 0; i < Draws; i++)
        {
            counts[_selector.Select(alias, null, NoneTried, random).Target!.DeploymentId]++;
        }

        Assert.Equal(0.1, counts[light.DeploymentId] / (double)Draws, 0.015);
        Assert.Equal(0.3, counts[middle.DeploymentId] / (double)Draws, 0.015);
        Assert.Equal(0.6, counts[heavy.DeploymentId] / (double)Draws, 0.015);
    }

    [Fact]
    public void Select_WeightedTierWithOneThrottled_SharesAmongTheRestByWeight()
    {
        const int Draws = 20_000;
        var light = Target(Backend(), weight: 1);
        var throttled = Target(Backend(), weight: 50);
        var heavy = Target(Backend(), weight: 3);
        _health.ReportThrottled(throttled.DeploymentId, TimeSpan.FromSeconds(60));
        var alias = Alias(light, throttled, heavy);
        var lightPicks = 0;
        var random = new Random(42);

        for (var i = 0; i < Draws; i++)
        {
            var picked = _selector.Select(alias, null, NoneTried, random).Target;
            Assert.NotSame(throttled, picked);
            lightPicks += picked == light ? 1 : 0;
        }

        Assert.Equal(0.25, lightPicks / (double)Draws, 0.015);
    }

    [Fact]
    public void Select_DeploymentAlreadyTried_PicksAnother()
    {
        var first = Target(Backend(), weight: 1000);
        var second = Target(Backend(), weight: 1);
        var alias = Alias(first, second);
        var random = new Random(42);

        for (var i = 0; i < 50; i++)
        {
            Assert.Same(second, _selector.Select(alias, null, [first.DeploymentId], random).Target);
        }
    }

    [Fact]
    public void Select_TierZeroAllTried_SpillsToTierOne()
    {
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var payg = Target(Backend(), tier: 1);

        var selection = _selector.Select(Alias(ptu, payg), null, [ptu.DeploymentId], new Random(42));

        Assert.Same(payg, selection.Target);
    }

    [Fact]
    public void Select_EverythingTried_ReturnsNothingWithoutRecovery()
    {
        var a = Target(Backend());
        var b = Target(Backend());

        var selection = _selector.Select(Alias(a, b), null, [a.DeploymentId, b.DeploymentId], new Random(42));

        Assert.False(selection.Found);
        Assert.Null(selection.ThrottledUntil ?? selection.DownUntil);
    }

    [Fact]
    public void Select_RegionNotAllowed_SkipsIt()
    {
        var east = Target(Backend("eastus"), weight: 1000);
        var sweden = Target(Backend("swedencentral"), weight: 1);
        var alias = Alias(east, sweden);
        var allowed = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "swedencentral");
        var random = new Random(42);

        for (var i = 0; i < 50; i++)
        {
            Assert.Same(sweden, _selector.Select(alias, allowed, NoneTried, random).Target);
        }
    }

    [Fact]
    public void Select_AllowedRegionsGivenAndBackendHasNoRegion_SkipsIt()
    {
        var unknown = Target(Backend(region: null), tier: 0);
        var sweden = Target(Backend("swedencentral"), tier: 1);
        var allowed = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "swedencentral");

        var selection = _selector.Select(Alias(unknown, sweden), allowed, NoneTried, new Random(42));

        Assert.Same(sweden, selection.Target);
    }

    [Fact]
    public void Select_NoAllowedRegionsSet_AcceptsAnyRegionIncludingNone()
    {
        var unknown = Target(Backend(region: null));

        var selection = _selector.Select(Alias(unknown), null, NoneTried, new Random(42));

        Assert.Same(unknown, selection.Target);
    }

    [Fact]
    public void Select_NoTargetInAllowedRegions_ReturnsNothingWithoutRecovery()
    {
        var east = Target(Backend("eastus"));
        var allowed = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "swedencentral");

        var selection = _selector.Select(Alias(east), allowed, NoneTried, new Random(42));

        Assert.False(selection.Found);
        Assert.Null(selection.ThrottledUntil ?? selection.DownUntil);
    }

    [Fact]
    public void Select_EveryTargetThrottled_ReturnsEarliestRecoveryAcrossTiers()
    {
        var now = _time.GetUtcNow();
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var paygA = Target(Backend(), tier: 1);
        var paygB = Target(Backend(), tier: 1);
        _health.ReportThrottled(ptu.DeploymentId, TimeSpan.FromSeconds(40));
        _health.ReportThrottled(paygA.DeploymentId, TimeSpan.FromSeconds(20));
        _health.ReportThrottled(paygB.DeploymentId, TimeSpan.FromSeconds(7));

        var selection = _selector.Select(Alias(ptu, paygA, paygB), null, NoneTried, new Random(42));

        Assert.False(selection.Found);
        Assert.Equal(now.AddSeconds(7), selection.ThrottledUntil);
        Assert.Null(selection.DownUntil);
    }

    [Fact]
    public void Select_ThrottledAndCircuitOpen_ReportsEachKindApart()
    {
        var now = _time.GetUtcNow();
        var throttled = Target(Backend());
        var broken = Target(Backend());
        _health.ReportThrottled(throttled.DeploymentId, TimeSpan.FromSeconds(45));
        _health.ReportFailure(broken.Backend.Id);

        var selection = _selector.Select(Alias(throttled, broken), null, NoneTried, new Random(42));

        Assert.False(selection.Found);
        Assert.Equal(now.AddSeconds(45), selection.ThrottledUntil);
        Assert.Equal(now.AddSeconds(30), selection.DownUntil);
    }

    [Fact]
    public void Select_DeploymentThrottledOnBackendWithOpenCircuit_IsDownUntilBothAreOver()
    {
        var now = _time.GetUtcNow();
        var target = Target(Backend());
        _health.ReportThrottled(target.DeploymentId, TimeSpan.FromSeconds(50));
        _health.ReportFailure(target.Backend.Id);

        var selection = _selector.Select(Alias(target), null, NoneTried, new Random(42));

        Assert.Equal(now.AddSeconds(50), selection.DownUntil);
        Assert.Null(selection.ThrottledUntil);
    }

    [Fact]
    public void Select_BlockedTargetsTriedOrInOtherRegions_LeaveThemOutOfRecovery()
    {
        var now = _time.GetUtcNow();
        var tried = Target(Backend("swedencentral"));
        var elsewhere = Target(Backend("eastus"));
        var candidate = Target(Backend("swedencentral"));
        _health.ReportThrottled(tried.DeploymentId, TimeSpan.FromSeconds(1));
        _health.ReportThrottled(elsewhere.DeploymentId, TimeSpan.FromSeconds(2));
        _health.ReportThrottled(candidate.DeploymentId, TimeSpan.FromSeconds(9));
        var allowed = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "swedencentral");

        var selection = _selector.Select(Alias(tried, elsewhere, candidate), allowed, [tried.DeploymentId], new Random(42));

        Assert.False(selection.Found);
        Assert.Equal(now.AddSeconds(9), selection.ThrottledUntil);
    }

    [Fact]
    public void Select_HalfOpenBackendPicked_ClaimsItsProbe()
    {
        var target = Target(Backend());
        OpenThenElapse(target.Backend);

        var first = _selector.Select(Alias(target), null, NoneTried, new Random(42));
        var second = _selector.Select(Alias(target), null, NoneTried, new Random(42));

        Assert.Same(target, first.Target);
        Assert.False(second.Found);
        Assert.Equal(_time.GetUtcNow().AddSeconds(1), second.DownUntil);
        Assert.False(_health.TryEnter(target.Backend.Id));
    }

    [Fact]
    public void Select_HalfOpenBackendInTierNotReached_KeepsItsProbeSlot()
    {
        var ptu = Target(Backend(tier: BackendTier.Provisioned), tier: 0);
        var recovering = Target(Backend(), tier: 1);
        OpenThenElapse(recovering.Backend);

        var selection = _selector.Select(Alias(ptu, recovering), null, NoneTried, new Random(42));

        Assert.Same(ptu, selection.Target);
        Assert.True(_health.TryEnter(recovering.Backend.Id));
    }

    [Fact]
    public void Select_HalfOpenBackendCandidateButNotPicked_KeepsItsProbeSlot()
    {
        // The half-open target comes first so it is the provisional pick, then loses to the far heavier one.
        var recovering = Target(Backend(), weight: 1);
        var healthy = Target(Backend(), weight: 1_000_000);
        OpenThenElapse(recovering.Backend);
        var alias = Alias(recovering, healthy);
        var random = new Random(42);

        for (var i = 0; i < 20; i++)
        {
            Assert.Same(healthy, _selector.Select(alias, null, NoneTried, random).Target);
        }

        Assert.True(_health.TryEnter(recovering.Backend.Id));
    }

    [Fact]
    public void Select_ProbeClaimedByAnotherRequestMeanwhile_MovesOnToAnotherTarget()
    {
        var recovering = Target(Backend(), tier: 0);
        var fallback = Target(Backend(), tier: 1);
        OpenThenElapse(recovering.Backend);
        var random = new InterleavingRandom(42, () => Assert.True(_health.TryEnter(recovering.Backend.Id)));

        var selection = _selector.Select(Alias(recovering, fallback), null, NoneTried, random);

        Assert.Same(fallback, selection.Target);
    }

    [Fact]
    public void Select_OnlyTargetsProbeClaimedByAnotherRequestMeanwhile_ReturnsItsRecovery()
    {
        var recovering = Target(Backend());
        OpenThenElapse(recovering.Backend);
        var random = new InterleavingRandom(42, () => Assert.True(_health.TryEnter(recovering.Backend.Id)));

        var selection = _selector.Select(Alias(recovering), null, NoneTried, random);

        Assert.False(selection.Found);
        Assert.Equal(_time.GetUtcNow().AddSeconds(1), selection.DownUntil);
    }

    private void OpenThenElapse(BackendEntry backend)
    {
        _health.ReportFailure(backend.Id);
        _time.Advance(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Runs an action on the first draw, which falls between the selector's usability check and its claim on the
    /// circuit: the moment a concurrent request could take a half-open backend's single probe.
    /// </summary>
    private sealed class InterleavingRandom(int seed, Action onFirstDraw) : Random(seed)
    {
        private Action? _onFirstDraw = onFirstDraw;

        public override int Next(int maxValue)
        {
            var action = _onFirstDraw;
            _onFirstDraw = null;
            action?.Invoke();
            return base.Next(maxValue);
        }
    }
}
