using AiGateway.Gateway.Capacity;

namespace AiGateway.Gateway.Tests.Capacity;

public sealed class TeamRequestsInFlightTests
{
    [Fact]
    public void TryEnter_AdmitsUpToTheLimit_ThenRefuses_UntilASlotIsGivenBack()
    {
        var inFlight = new TeamRequestsInFlight();
        var team = Guid.NewGuid();

        Assert.True(inFlight.TryEnter(team, 2));
        Assert.True(inFlight.TryEnter(team, 2));
        Assert.False(inFlight.TryEnter(team, 2));
        Assert.Equal(2, inFlight.Current(team));

        inFlight.Exit(team);
        Assert.True(inFlight.TryEnter(team, 2));
    }

    [Fact]
    public void Teams_AreCountedApart()
    {
        var inFlight = new TeamRequestsInFlight();
        var busy = Guid.NewGuid();
        var other = Guid.NewGuid();
        Assert.True(inFlight.TryEnter(busy, 1));

        Assert.True(inFlight.TryEnter(other, 1));
        Assert.False(inFlight.TryEnter(busy, 1));
    }

    [Fact]
    public async Task ConcurrentEntries_NeverAdmitMoreThanTheLimit()
    {
        var inFlight = new TeamRequestsInFlight();
        var team = Guid.NewGuid();
        var admitted = 0;

        await Parallel.ForAsync(0, 1000, TestContext.Current.CancellationToken, (_, _) =>
        {
            if (inFlight.TryEnter(team, 10))
            {
                Interlocked.Increment(ref admitted);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(10, admitted);
        Assert.Equal(10, inFlight.Current(team));
    }
}
