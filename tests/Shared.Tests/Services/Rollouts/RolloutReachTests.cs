using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Rollouts;

namespace AiGateway.Shared.Tests.Services.Rollouts;

public sealed class RolloutReachTests
{
    [Fact]
    public void Describe_SmallShareOfFewClients_SaysLikelyNoneAndSuggestsPerRequest()
    {
        var line = RolloutReach.Describe(10, 7, RolloutAssignmentMode.PerClient);

        Assert.Equal("10 % of 7 clients: likely none on green (0.7 expected, 48 % chance of none); consider per request", line);
        Assert.True(RolloutReach.LikelyNone(10, 7));
    }

    [Fact]
    public void Describe_ShareThatReachesSeveralClients_SaysAboutHowMany()
    {
        Assert.Equal("50 % of 7 clients: about 3.5 on green", RolloutReach.Describe(50, 7, RolloutAssignmentMode.PerClient));
        Assert.Equal("25 % of 7 clients: about 1.8 on green (13 % chance of none)", RolloutReach.Describe(25, 7, RolloutAssignmentMode.PerClient));
        Assert.False(RolloutReach.LikelyNone(25, 7));
    }

    [Fact]
    public void Describe_PerRequestOrTestersOnly_SpeaksOfRequestsAndTesters()
    {
        Assert.Equal("10 % of requests on green, whichever client sends them", RolloutReach.Describe(10, 7, RolloutAssignmentMode.PerRequest));
        Assert.StartsWith("0 %: only testers", RolloutReach.Describe(0, 7, RolloutAssignmentMode.PerClient), StringComparison.Ordinal);
        Assert.Contains("no client called", RolloutReach.Describe(10, 0, RolloutAssignmentMode.PerClient), StringComparison.Ordinal);
    }
}
