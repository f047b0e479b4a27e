using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Rollouts;

/// <summary>
/// Every id here comes from a fixed seed, so the statistical tests draw the same clients on every run: they pass or
/// fail for the code, never for the luck of the draw.
/// </summary>
public sealed class RolloutAssignmentTests
{
    private const int Seed = 1234;

    private static readonly TeamEntry Team = new(new SeededIds(Seed - 1).Next(), "Contoso", true, PriorityClass.Normal, null, AliasScope.All, null);

    [Fact]
    public void Choose_SameKeySameWeight_NeverChangesSide()
    {
        var ids = new SeededIds(Seed);
        var rollout = Rollout(ids, weight: 30);
        var callers = Callers(ids, 500);
        var first = callers.Select(c => RolloutAssignment.Choose(rollout, c, null)).ToList();

        // Both sides have clients, so the sides staying put below says something.
        Assert.Contains(RolloutSide.Green, first);
        Assert.Contains(RolloutSide.Blue, first);
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
        var ids = new SeededIds(Seed);
        var rollout = Rollout(ids, weight);
        var callers = Callers(ids, 20_000);

        var onGreen = callers.Count(c => RolloutAssignment.Choose(rollout, c, null) == RolloutSide.Green);

        AssertNearShare(onGreen, callers.Count, weight / 100.0);
    }

    [Fact]
    public void Choose_HigherWeight_OnlyMovesClientsFromBlueToGreen()
    {
        var ids = new SeededIds(Seed);
        var callers = Callers(ids, 5_000);
        var rollout = Rollout(ids, weight: 5);
        var previous = callers.Select(c => RolloutAssignment.Choose(rollout, c, null)).ToList();
        AssertNearShare(previous.Count(s => s == RolloutSide.Green), callers.Count, 0.05);
        foreach (var weight in new[] { 25, 50, 100 })
        {
            var now = callers.Select(c => RolloutAssignment.Choose(rollout with { Weight = weight }, c, null)).ToList();
            for (var i = 0; i < callers.Count; i++)
            {
                Assert.False(previous[i] == RolloutSide.Green && now[i] == RolloutSide.Blue, $"Caller {i} went back to blue at {weight} %.");
            }

            AssertNearShare(now.Count(s => s == RolloutSide.Green), callers.Count, weight / 100.0);
            previous = now;
        }

        Assert.All(previous, side => Assert.Equal(RolloutSide.Green, side));
    }

    [Fact]
    public void Choose_EntraAppsAndTeamsWithoutKey_AreStickyToo()
    {
        var rollout = Rollout(new SeededIds(Seed), weight: 50);
        var apps = Enumerable.Range(0, 2_000).Select(i => new GatewayCaller(Team, null, $"app-{i}")).ToList();

        var first = apps.Select(c => RolloutAssignment.Choose(rollout, c, null)).ToList();

        Assert.Equal(first, apps.Select(c => RolloutAssignment.Choose(rollout, new GatewayCaller(Team, null, c.EntraAppId!.ToUpperInvariant()), null)));
        AssertNearShare(first.Count(s => s == RolloutSide.Green), apps.Count, 0.5);
    }

    [Fact]
    public void Choose_OptInHeader_WinsOverTheHash_UnlessGreenIsUnavailable()
    {
        var ids = new SeededIds(Seed);
        var rollout = Rollout(ids, weight: 0);
        var caller = Callers(ids, 1)[0];

        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout, caller, null));
        Assert.Equal(RolloutSide.Green, RolloutAssignment.Choose(rollout, caller, "Green"));
        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout with { Weight = 100 }, caller, "blue"));
        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout with { Green = rollout.Blue }, caller, "green"));
    }

    [Fact]
    public void Choose_PerRequest_DrawsEachRequest_SoOneClientReachesBothSidesAtTheWeight()
    {
        var ids = new SeededIds(Seed);
        var rollout = Rollout(ids, weight: 10) with { Assignment = RolloutAssignmentMode.PerRequest };
        var caller = Callers(ids, 1)[0];
        var random = new Random(Seed);

        var sides = Enumerable.Range(0, 20_000).Select(_ => RolloutAssignment.Choose(rollout, caller, null, random)).ToList();

        AssertNearShare(sides.Count(s => s == RolloutSide.Green), sides.Count, 0.10);
        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout with { Weight = 0 }, caller, null, random));
        Assert.Equal(RolloutSide.Green, RolloutAssignment.Choose(rollout with { Weight = 100 }, caller, null, random));
        Assert.Equal(RolloutSide.Blue, RolloutAssignment.Choose(rollout with { Weight = 100 }, caller, "blue", random));
    }

    [Fact]
    public void Bucket_DiffersBetweenRollouts_SoTheSameClientsAreNotAlwaysFirst()
    {
        var ids = new SeededIds(Seed);
        var callers = Callers(ids, 2_000);
        var a = Rollout(ids, weight: 10);
        var b = Rollout(ids, weight: 10);

        var both = callers.Count(c => RolloutAssignment.Choose(a, c, null) == RolloutSide.Green && RolloutAssignment.Choose(b, c, null) == RolloutSide.Green);

        // Independent draws: about 1 % of clients are early on both, not 10 % (the same clients) nor none (nobody early).
        AssertNearShare(both, callers.Count, 0.01);
    }

    /// <summary>
    /// Within four binomial standard deviations of the expected share: a fair hash strays that far about once in
    /// 16,000 draws, while a broken assignment (every client on one side, a misread weight) lands far outside.
    /// </summary>
    private static void AssertNearShare(int onGreen, int clients, double expected)
    {
        var tolerance = 4 * Math.Sqrt(expected * (1 - expected) / clients);
        Assert.InRange(onGreen / (double)clients, expected - tolerance, expected + tolerance);
    }

    private static List<GatewayCaller> Callers(SeededIds ids, int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new GatewayCaller(
            Team, new ClientKeyEntry(ids.Next(), Team.Id, $"key-{i}", $"agw_{i:D12}", [], AliasScope.All, null, null), null)),
    ];

    private static RolloutEntry Rollout(SeededIds ids, int weight)
    {
        var blueTarget = TestTargets.Target(TestTargets.Backend() with { Id = ids.Next() }, tier: 1) with { DeploymentId = ids.Next() };
        var greenTarget = TestTargets.Target(TestTargets.Backend() with { Id = ids.Next() }, tier: 0) with { DeploymentId = ids.Next() };
        var blue = TestTargets.Alias(blueTarget) with { Id = ids.Next() };
        var green = blue with { Targets = [greenTarget, blueTarget] };
        return new RolloutEntry(ids.Next(), 1, RolloutStrategy.Canary, weight, 0, greenTarget.DeploymentId, blue, green);
    }

    /// <summary>
    /// Version-7 GUIDs like the ones the portal issues (a millisecond timestamp, then random bits), the timestamps a
    /// millisecond apart as in a burst of new keys, the random bits from the seed.
    /// </summary>
    private sealed class SeededIds(int seed)
    {
        private readonly Random _random = new(seed);
        private long _unixMilliseconds = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        public Guid Next()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            var milliseconds = _unixMilliseconds++;
            for (var i = 0; i < 6; i++)
            {
                bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
            }

            bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
            bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
            return new Guid(bytes, bigEndian: true);
        }
    }
}
