using AiGateway.Gateway.Authentication;

namespace AiGateway.Gateway.Tests.Authentication;

public sealed class KeyUseTrackerTests
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 25, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public void Record_ManyUsesInOneMinute_PendsTheKeyOnceAtThatMinute()
    {
        var tracker = new KeyUseTracker();
        var key = Guid.NewGuid();

        tracker.Record(key, Minute.AddSeconds(5));
        tracker.Record(key, Minute.AddSeconds(30));
        tracker.Record(key, Minute.AddSeconds(59.9));

        Assert.Equal([new KeyUse(key, Minute)], tracker.Pending());
    }

    [Fact]
    public void Record_UsedAgainInALaterMinute_PendsTheLaterMinute()
    {
        var tracker = new KeyUseTracker();
        var key = Guid.NewGuid();

        tracker.Record(key, Minute.AddSeconds(5));
        tracker.Record(key, Minute.AddMinutes(2).AddSeconds(1));

        Assert.Equal([new KeyUse(key, Minute.AddMinutes(2))], tracker.Pending());
    }

    [Fact]
    public void Record_AnEarlierMinuteArrivingLate_NeverMovesThePendingUseBack()
    {
        var tracker = new KeyUseTracker();
        var key = Guid.NewGuid();

        tracker.Record(key, Minute.AddMinutes(1));
        tracker.Record(key, Minute);

        Assert.Equal([new KeyUse(key, Minute.AddMinutes(1))], tracker.Pending());
    }

    [Fact]
    public void Written_TheUsesRead_LeavesNothingPending()
    {
        var tracker = new KeyUseTracker();
        tracker.Record(Guid.NewGuid(), Minute);
        tracker.Record(Guid.NewGuid(), Minute.AddSeconds(10));

        tracker.Written(tracker.Pending(), Minute.AddMinutes(1));

        Assert.False(tracker.HasPending);
        Assert.Empty(tracker.Pending());
    }

    [Fact]
    public void Written_KeyUsedInANewMinuteWhileTheWriteRan_StaysPendingWithTheNewMinute()
    {
        var tracker = new KeyUseTracker();
        var key = Guid.NewGuid();
        tracker.Record(key, Minute);
        var read = tracker.Pending();

        tracker.Record(key, Minute.AddMinutes(1));
        tracker.Written(read, Minute.AddMinutes(1));

        Assert.Equal([new KeyUse(key, Minute.AddMinutes(1))], tracker.Pending());
    }

    [Fact]
    public void Record_UsedAgainInTheSameMinuteAfterAWrite_PendsNothingNew()
    {
        var tracker = new KeyUseTracker();
        var key = Guid.NewGuid();
        tracker.Record(key, Minute.AddSeconds(1));
        tracker.Written(tracker.Pending(), Minute.AddSeconds(2));

        tracker.Record(key, Minute.AddSeconds(3));

        Assert.False(tracker.HasPending);
    }

    [Fact]
    public void Record_UsedInTheNextMinuteAfterAWrite_PendsAgain()
    {
        var tracker = new KeyUseTracker();
        var key = Guid.NewGuid();
        tracker.Record(key, Minute.AddSeconds(1));
        tracker.Written(tracker.Pending(), Minute.AddMinutes(1));

        tracker.Record(key, Minute.AddMinutes(1).AddSeconds(1));

        Assert.Equal([new KeyUse(key, Minute.AddMinutes(1))], tracker.Pending());
    }
}
