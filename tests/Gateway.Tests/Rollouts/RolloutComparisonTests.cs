using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Rollouts;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Rollouts;

namespace AiGateway.Gateway.Tests.Rollouts;

public sealed class RolloutComparisonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_GreenWithoutRequestsPerClient_SaysGreenIsIdleAndSuggestsPerRequest()
    {
        var comparison = RolloutComparison.Of(Rollout(10, RolloutAssignmentMode.PerClient), At, Figures(RolloutSide.Blue, 30), Figures(RolloutSide.Green, 0));

        Assert.Equal([RolloutSide.Green], comparison.Idle);
        var note = Assert.Single(comparison.Notes);
        Assert.Contains("with assignment per client at 10 %, none of the clients calling is on green", note, StringComparison.Ordinal);
        Assert.Contains("Per-request assignment", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_BlueWithoutRequestsAtFullWeight_SaysGreenIsJudgedAgainstZero()
    {
        var comparison = RolloutComparison.Of(Rollout(100, RolloutAssignmentMode.PerClient), At, Figures(RolloutSide.Blue, 0), Figures(RolloutSide.Green, 30));

        Assert.Equal([RolloutSide.Blue], comparison.Idle);
        Assert.Contains("judged against zero", Assert.Single(comparison.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_BothSidesServed_HasNoNotes()
    {
        var comparison = RolloutComparison.Of(Rollout(50, RolloutAssignmentMode.PerRequest), At, Figures(RolloutSide.Blue, 30), Figures(RolloutSide.Green, 30));

        Assert.Empty(comparison.Idle);
        Assert.Empty(comparison.Notes);
        Assert.Contains("\"idle\":[]", comparison.ToJson(), StringComparison.Ordinal);
    }

    private static RolloutView Rollout(int weight, RolloutAssignmentMode assignment) => RolloutView.From(new Rollout
    {
        StepWeights = [weight],
        CurrentWeight = weight,
        Assignment = assignment,
        State = RolloutState.Running,
    });

    private static RolloutSideFigures Figures(RolloutSide side, long requests) =>
        new(side, requests, 0, 0, 0, new long[LiveTrafficLatency.BucketCount], new long[LiveTrafficLatency.BucketCount]);
}
