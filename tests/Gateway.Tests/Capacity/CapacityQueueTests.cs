using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Capacity.CapacityTrackerTests;

namespace AiGateway.Gateway.Tests.Capacity;

public sealed class CapacityQueueTests
{
    // A minute's start plus a little, so a test knows when the window turns.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 1, TimeSpan.Zero));
    private readonly CapacityTracker _tracker;
    private readonly CapacityQueues _queues;

    public CapacityQueueTests()
    {
        _tracker = new CapacityTracker(_time);
        _queues = new CapacityQueues(_tracker, _time);
    }

    [Fact]
    public async Task WaitAsync_CapacityFreesWhenTheMinuteTurns_AdmitsWaitersInOrder()
    {
        var alias = Queueing(Limited(requestsPerMinute: 1), lowSeconds: 120);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var queue = _queues.For(alias.Name);
        var first = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);
        var second = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);

        Assert.False(first.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(59));
        var turned = await first;

        Assert.Equal(CapacityWaitOutcome.Admitted, turned.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(59), turned.Waited);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(CapacityWaitOutcome.Admitted, (await second).Outcome);
    }

    [Fact]
    public async Task WaitAsync_DeadlinePasses_ShedsAndCountsIt()
    {
        var alias = Queueing(Limited(requestsPerMinute: 1), lowSeconds: 5);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var queue = _queues.For(alias.Name);

        var wait = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var shed = await wait;

        Assert.Equal(CapacityWaitOutcome.TimedOut, shed.Outcome);
        Assert.Equal(0, queue.Count);
        var low = Assert.Single(queue.Figures(), f => f.Priority == PriorityClass.Low);
        Assert.Equal(1, low.Shed);
        Assert.Equal(5000, low.WaitP95Ms);
    }

    [Fact]
    public async Task WaitAsync_QueueFull_RefusesAtOnce()
    {
        var alias = Queueing(Limited(requestsPerMinute: 1), lowSeconds: 30, maxLength: 1);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var queue = _queues.For(alias.Name);

        _ = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);
        var refused = await queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);

        Assert.Equal(CapacityWaitOutcome.QueueFull, refused.Outcome);
        Assert.Equal(1, queue.Figures().Single(f => f.Priority == PriorityClass.Low).RefusedFull);
    }

    [Fact]
    public async Task WaitAsync_ClassThatMayNotWait_IsRefusedAtOnce()
    {
        var alias = Queueing(Limited(requestsPerMinute: 1), lowSeconds: 30);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);

        var refused = await _queues.For(alias.Name).WaitAsync(alias, PriorityClass.Normal, 1, CancellationToken.None);

        Assert.Equal(CapacityWaitOutcome.NotQueued, refused.Outcome);
    }

    [Fact]
    public async Task WaitAsync_ClientLeaves_IsRemovedWithoutCountingAsShed()
    {
        var alias = Queueing(Limited(requestsPerMinute: 1), lowSeconds: 30);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var queue = _queues.For(alias.Name);
        using var client = new CancellationTokenSource();

        var wait = queue.WaitAsync(alias, PriorityClass.Low, 1, client.Token);
        await client.CancelAsync();

        Assert.Equal(CapacityWaitOutcome.ClientLeft, (await wait).Outcome);
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.Figures().Single(f => f.Priority == PriorityClass.Low).Shed);
    }

    [Fact]
    public async Task Pump_NormalWaitingBehindLow_IsAdmittedFirst()
    {
        var target = Limited(requestsPerMinute: 1);
        var alias = Queueing(target, lowSeconds: 30, normalSeconds: 30);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var queue = _queues.For(alias.Name);
        var low = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);
        var normal = queue.WaitAsync(alias, PriorityClass.Normal, 1, CancellationToken.None);

        // The backend says one request is free again: the Normal one takes it.
        _tracker.Observe(target, tokensLeft: null, requestsLeft: 1, tokenLimit: null, requestLimit: null);

        Assert.Equal(CapacityWaitOutcome.Admitted, (await normal).Outcome);
        Assert.False(low.IsCompleted);
    }

    [Fact]
    public async Task Pump_UnservedRequestGivesItsRoomBack_NextWaiterIsAdmitted()
    {
        var alias = Queueing(Limited(requestsPerMinute: 1), lowSeconds: 30);
        var charge = _tracker.TryAdmit(alias, PriorityClass.Low, 1)!;
        var wait = _queues.For(alias.Name).WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);

        _tracker.Settle(charge, served: false);

        Assert.Equal(CapacityWaitOutcome.Admitted, (await wait).Outcome);
    }

    [Fact]
    public async Task WaitAsync_WhileOthersWait_DoesNotOvertakeThemEvenWithRoom()
    {
        var target = Limited(requestsPerMinute: 2);
        var alias = Queueing(target, lowSeconds: 30);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        _tracker.TryAdmit(alias, PriorityClass.Low, 1);
        var queue = _queues.For(alias.Name);
        var first = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);

        _tracker.Observe(target, tokensLeft: null, requestsLeft: 1, tokenLimit: null, requestLimit: null);
        var second = queue.WaitAsync(alias, PriorityClass.Low, 1, CancellationToken.None);

        Assert.Equal(CapacityWaitOutcome.Admitted, (await first).Outcome);
        Assert.False(second.IsCompleted);
    }

    private static AliasEntry Queueing(AliasTargetEntry target, double lowSeconds, double normalSeconds = 0, int maxLength = 100) =>
        Reserving(0, target) with
        {
            Capacity = AliasCapacitySettings.Default with
            {
                LowWait = TimeSpan.FromSeconds(lowSeconds),
                NormalWait = TimeSpan.FromSeconds(normalSeconds),
                MaxQueueLength = maxLength,
            },
        };
}
