using System.Collections.Frozen;
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

        var home = CreationTargets.Home(alias, team, null, _health);
        var homes = Enumerable.Range(0, 60).Select(_ => CreationTargets.Home(alias, Guid.NewGuid(), null, _health)!.DeploymentId).ToHashSet();

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Same(home, CreationTargets.Home(alias, team, null, _health)));
        Assert.Equal(3, homes.Count);
    }

    [Fact]
    public void Home_Throttled_AnotherHealthyDeploymentStandsIn()
    {
        var alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()), TestTargets.Target(TestTargets.Backend()));
        var team = Guid.NewGuid();
        var home = CreationTargets.Home(alias, team, null, _health)!;

        _health.ReportThrottled(home.DeploymentId, TimeSpan.FromSeconds(30));

        var standIn = CreationTargets.Home(alias, team, null, _health);
        Assert.NotNull(standIn);
        Assert.NotEqual(home.DeploymentId, standIn.DeploymentId);
    }

    [Fact]
    public void Home_RegionLimitedTeam_OnlyInsideItsRegions_AndNoneWhenNoneIsThere()
    {
        var alias = TestTargets.Alias(
            TestTargets.Target(TestTargets.Backend(region: "eastus")), TestTargets.Target(TestTargets.Backend(region: "swedencentral")), TestTargets.Target(TestTargets.Backend(region: null)));
        var sweden = new[] { "swedencentral" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

        var homes = Enumerable.Range(0, 40).Select(_ => CreationTargets.Home(alias, Guid.NewGuid(), sweden, _health)!.Backend.Region).ToHashSet();

        Assert.Equal(["swedencentral"], homes);
        Assert.Null(CreationTargets.Home(alias, Guid.NewGuid(), new[] { "westeurope" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase), _health));
    }
}
