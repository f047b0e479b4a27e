using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.StatefulApis;
using AiGateway.Gateway.Tests.Backends;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.StatefulApis;

public sealed class CreationTargetsTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly BackendHealthTracker _health;

    public CreationTargetsTests() => _health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()));

    [Fact]
    public void Home_SameTeam_AlwaysTheSameDeployment_AndTeamsSpreadOverDeployments()
    {
        var alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()), TestTargets.Target(TestTargets.Backend()), TestTargets.Target(TestTargets.Backend()));
        var team = Guid.NewGuid();

        var home = CreationTargets.Home(alias, team, _health);
        var homes = Enumerable.Range(0, 60).Select(_ => CreationTargets.Home(alias, Guid.NewGuid(), _health)!.DeploymentId).ToHashSet();

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Same(home, CreationTargets.Home(alias, team, _health)));
        Assert.Equal(3, homes.Count);
    }

    [Fact]
    public void Home_Throttled_AnotherHealthyDeploymentStandsIn()
    {
        var alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()), TestTargets.Target(TestTargets.Backend()));
        var team = Guid.NewGuid();
        var home = CreationTargets.Home(alias, team, _health)!;

        _health.ReportThrottled(home.DeploymentId, TimeSpan.FromSeconds(30));

        var standIn = CreationTargets.Home(alias, team, _health);
        Assert.NotNull(standIn);
        Assert.NotEqual(home.DeploymentId, standIn.DeploymentId);
    }
}
