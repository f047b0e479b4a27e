using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Backends.TestTargets;

namespace AiGateway.Gateway.Tests.Capacity;

public sealed class CapacityTrackerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CapacityTracker _tracker;

    public CapacityTrackerTests() => _tracker = new CapacityTracker(_time);

    [Fact]
    public void TryAdmit_LowAndNormal_UseOnlyTheUnreservedShare_HighTheRest()
    {
        var alias = Reserving(50, Limited(requestsPerMinute: 4));

        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 10));
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Normal, 10));
        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Low, 10));
        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Normal, 10));
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.High, 10));
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.High, 10));
    }

    [Fact]
    public void TryAdmit_HighWithNoRoomAnywhere_IsStillAdmitted()
    {
        var alias = Reserving(0, Limited(requestsPerMinute: 1));
        _tracker.TryAdmit(alias, PriorityClass.Normal, 10);

        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Normal, 10));
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.High, 10));
    }

    [Fact]
    public void TryAdmit_TokensCountAgainstTheConfiguredTpm()
    {
        var alias = Reserving(0, Limited(tokensPerMinute: 100));

        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 60));
        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Low, 60));
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 40));
    }

    [Fact]
    public void TryAdmit_RequestLargerThanTheWholeShare_PassesIntoAnEmptyMinute()
    {
        var alias = Reserving(0, Limited(tokensPerMinute: 100));

        var charge = _tracker.TryAdmit(alias, PriorityClass.Low, 5_000);

        Assert.Equal(100, charge!.Tokens);
        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public void TryAdmit_NextMinute_StartsFromZero()
    {
        var alias = Reserving(0, Limited(requestsPerMinute: 1));
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public void TryAdmit_DeploymentWithoutKnownLimits_AlwaysHasRoom()
    {
        var alias = Reserving(50, Target(Backend()));

        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 1000));
        }
    }

    [Fact]
    public void TryAdmit_ChargesTheDeploymentWithMostLeft_AndMovesOnWhenOneIsFull()
    {
        var a = Limited(requestsPerMinute: 2);
        var b = Limited(requestsPerMinute: 10);
        var alias = Reserving(0, a, b);

        var first = _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        _tracker.Observe(b, tokensLeft: null, requestsLeft: 0, tokenLimit: null, requestLimit: null);
        var second = _tracker.TryAdmit(alias, PriorityClass.Low, 1);

        Assert.Equal(a.DeploymentId, first!.DeploymentId);
        Assert.Equal(a.DeploymentId, second!.DeploymentId);
        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public void Observe_BackendReportsMoreLeft_CorrectsUpAndRaisesFreed()
    {
        var target = Limited(requestsPerMinute: 2);
        var alias = Reserving(0, target);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var freed = 0;
        _tracker.Freed += () => freed++;

        _tracker.Observe(target, tokensLeft: null, requestsLeft: 2, tokenLimit: null, requestLimit: null);

        Assert.Equal(1, freed);
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public void Observe_WithoutConfiguredCapacity_LearnsTheBackendsLimits()
    {
        var target = Target(Backend());
        var alias = Reserving(0, target);

        _tracker.Observe(target, tokensLeft: 1000, requestsLeft: 1, tokenLimit: 1000, requestLimit: 3);

        var headroom = _tracker.Headroom(target);
        Assert.Equal(3, headroom.RequestLimit);
        Assert.Equal(1, headroom.RequestsLeft);
        Assert.NotNull(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public void Observe_UnlimitedMarker_IsNotTakenAsALimit()
    {
        var target = Target(Backend());

        _tracker.Observe(target, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue);

        Assert.Null(_tracker.Headroom(target).RequestLimit);
        Assert.Equal(1, _tracker.Headroom(target).ShareLeft);
    }

    [Fact]
    public void Settle_Unserved_GivesTheRoomBack_Served_KeepsIt()
    {
        var alias = Reserving(0, Limited(requestsPerMinute: 1));
        var charge = _tracker.TryAdmit(alias, PriorityClass.Low, 1)!;

        _tracker.Settle(charge, served: false);
        var again = _tracker.TryAdmit(alias, PriorityClass.Low, 1)!;
        _tracker.Settle(again, served: true);

        Assert.Null(_tracker.TryAdmit(alias, PriorityClass.Low, 1));
    }

    [Fact]
    public void CountsTokens_OnlyOnceSomeDeploymentHasATokenLimit()
    {
        var unknown = Target(Backend());
        var alias = Reserving(0, unknown, Limited(requestsPerMinute: 5));

        var before = _tracker.CountsTokens(alias);
        _tracker.Observe(unknown, tokensLeft: 900, requestsLeft: null, tokenLimit: 1000, requestLimit: null);

        Assert.False(before);
        Assert.True(_tracker.CountsTokens(alias));
        Assert.True(_tracker.CountsTokens(Reserving(0, Limited(tokensPerMinute: 10))));
    }

    internal static AliasTargetEntry Limited(int? tokensPerMinute = null, int? requestsPerMinute = null) =>
        Target(Backend()) with { TokensPerMinute = tokensPerMinute, RequestsPerMinute = requestsPerMinute };

    internal static AliasEntry Reserving(int percent, params AliasTargetEntry[] targets) =>
        Alias(targets) with { Capacity = AliasCapacitySettings.Default with { HighReservedShare = percent / 100.0 } };
}
