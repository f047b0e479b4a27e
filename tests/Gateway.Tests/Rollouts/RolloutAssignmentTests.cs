using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Rollouts;

public sealed class RolloutAssignmentTests
{
    private static readonly TeamEntry Team = new(Guid.NewGuid(), "Contoso", true, PriorityClass.Normal, null, null, null);

    [Fact]
    public void Choose_SameKeySameWeight_NeverChangesSide()
    {
        var rollout = Rollout(weight: 30);
        var callers = Callers(500);
        var first = callers.Select(c => RolloutAssignment.Choose(rollout, c, null)).ToList();

        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(first, callers.Select(c => RolloutAssignment.Choose(rollout with { Phase = round + 7 }, c, null)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(90)]
    public void Choose_ShareOfKeysOnGreen_MatchesTheWeightWithinTolerance(int weight)
    {
        var rollout = Rollout(weight);
        var callers = Callers(20_000);

        var share = callers.Count(c => RolloutAssignment.Choose(rollout, c, null) == RolloutSide.Green) / (double)callers.Count;

        // Binomial standard deviation at 20,000 keys is at most 0.35 points; allow about four of them.
        Assert.InRange(share, weight / 100.0 - 0.015, weight / 100.0 + 0.015);
    }

    [Fact]
    public void Choose_HigherWeight_OnlyMovesClientsFromBlueToGreen()
    {
        var callers = Callers(5_000);
        var rollout = Rollout(weight: 5);
        var previous = callers.Select(c => RolloutAssignment.Choose(rollout, c, null)).ToList();
        foreach (var weight in new[] { 25, 50, 100 })
        {
            var now = callers.Select(c => RolloutAssignment.Choose(rollout with { Weight = weight }, c, null)).ToList();
            for (var i = 0; i < callers.Count; i++)
            {
                Assert.False(previous[i] == RolloutSide.Green && now[i] == RolloutSide.Blue, $"Caller {i} went back to blue at {weight} %.");
            }

            previous = now;
        }

        Assert.All(previous, side => Assert.Equal(RolloutSide.Green, side));
    }

    [Fact]
    public void Choose_EntraAppsAndTeamsWithoutKey_AreStickyToo()
    {
        var rollout = Rollout(weight: 50);
        var apps = Enumerable.Range(0, 2_000).Select(i => new GatewayCaller(Team, null, $"app-{i}")).ToList();

        var first = apps.Select(c => RolloutAssignment.Choose(rollout, c, null)).ToList();

        Assert.Equal(first, apps.Select(c => RolloutAssignment.Choose(rollout, new GatewayCaller(Team, null, c.EntraAppId!.ToUpperInvariant()), null)));
        Assert.InRange(first.Count(s => s == RolloutSide.Green), 850, 1150);
    }

    [Fact]
    public void Choose_OptInHeader_WinsOverTheHash_UnlessGreenIsUnavailable()
    {
        var rollout = Rollout(weight: 0);
        var caller = Callers(1)[0];

        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout, caller, null));
        Assert.Equal(RolloutSide.Green, RolloutAssignment.Choose(rollout, caller, "Green"));
        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout with { Weight = 100 }, caller, "blue"));
        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout with { Green = rollout.Blue }, caller, "green"));
    }

    [Fact]
    public void Bucket_DiffersBetweenRollouts_SoTheSameClientsAreNotAlwaysFirst()
    {
        var callers = Callers(2_000);
        var a = Rollout(weight: 10);
        var b = Rollout(weight: 10);

        var both = callers.Count(c => RolloutAssignment.Choose(a, c, null) == RolloutSide.Green && RolloutAssignment.Choose(b, c, null) == RolloutSide.Green);

        // Independent draws: about 1 % of clients are early on both, not 10 %.
        Assert.InRange(both, 0, 60);
    }

    private static List<GatewayCaller> Callers(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new GatewayCaller(
            Team, new ClientKeyEntry(Guid.CreateVersion7(), Team.Id, $"key-{i}", $"agw_{i:D12}", [], null, null, null), null)),
    ];

    private static RolloutEntry Rollout(int weight)
    {
        var blueTarget = TestTargets.Target(TestTargets.Backend(), tier: 1);
        var greenTarget = TestTargets.Target(TestTargets.Backend(), tier: 0);
        var blue = TestTargets.Alias(blueTarget);
        var green = blue with { Targets = [greenTarget, blueTarget] };
        return new RolloutEntry(Guid.CreateVersion7(), 1, RolloutStrategy.Canary, weight, 0, greenTarget.DeploymentId, blue, green);
    }
}
