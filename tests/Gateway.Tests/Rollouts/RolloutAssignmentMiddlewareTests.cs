using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Quotas;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Tests.Rollouts;

public sealed class RolloutAssignmentMiddlewareTests
{
    private readonly TeamEntry _team = GatewayRequests.Team();
    private readonly AliasTargetEntry _blueTarget = TestTargets.Target(TestTargets.Backend(), tier: 1, deploymentName: "gpt-4o-2024-08");
    private readonly AliasTargetEntry _greenTarget = TestTargets.Target(TestTargets.Backend(), tier: 0, deploymentName: "gpt-4o-2024-11");

    [Fact]
    public async Task InvokeAsync_NoRollout_LeavesTheAliasAsResolved()
    {
        var alias = TestTargets.Alias(_blueTarget);
        var http = Request(alias);
        var next = new NextStep();

        await new RolloutAssignmentMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.True(next.Called);
        var gateway = http.Gateway();
        Assert.Same(alias, gateway.Alias);
        Assert.Null(gateway.Rollout);
        Assert.Null(gateway.RolloutSide);
    }

    [Fact]
    public async Task InvokeAsync_NoRollout_StillRemovesTheRolloutHeaderFromTheRequest()
    {
        var http = Request(TestTargets.Alias(_blueTarget));
        http.Request.Headers[RolloutAssignment.HeaderName] = "green";

        await new RolloutAssignmentMiddleware(new NextStep().InvokeAsync).InvokeAsync(http);

        Assert.False(http.Request.Headers.ContainsKey(RolloutAssignment.HeaderName));
    }

    [Theory]
    [InlineData("green")]
    [InlineData("GREEN")]
    public async Task InvokeAsync_TesterAsksForGreen_PutsTheRequestOnGreenAndRemovesTheHeader(string header)
    {
        var (alias, rollout) = Rollout(weight: 0);
        var http = Request(alias);
        http.Request.Headers[RolloutAssignment.HeaderName] = header;
        var next = new NextStep();

        await new RolloutAssignmentMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.True(next.Called);
        var gateway = http.Gateway();
        Assert.Same(rollout, gateway.Rollout);
        Assert.Equal(RolloutSide.Green, gateway.RolloutSide);
        Assert.Same(rollout.Green, gateway.Alias);
        Assert.False(http.Request.Headers.ContainsKey(RolloutAssignment.HeaderName));
    }

    [Fact]
    public async Task InvokeAsync_TesterAsksForBlue_PutsTheRequestOnBlueWhateverTheWeight()
    {
        var (alias, rollout) = Rollout(weight: 100);
        var http = Request(alias);
        http.Request.Headers[RolloutAssignment.HeaderName] = "blue";

        await new RolloutAssignmentMiddleware(new NextStep().InvokeAsync).InvokeAsync(http);

        Assert.Equal(RolloutSide.Blue, http.Gateway().RolloutSide);
        Assert.Same(rollout.Blue, http.Gateway().Alias);
    }

    [Theory]
    [InlineData(0, null, RolloutSide.Blue)]
    [InlineData(100, null, RolloutSide.Green)]
    [InlineData(0, "purple", RolloutSide.Blue)]
    [InlineData(100, "purple", RolloutSide.Green)]
    public async Task InvokeAsync_NoUsableOptIn_PlacesTheCallerByTheWeight(int weight, string? header, RolloutSide side)
    {
        var (alias, _) = Rollout(weight);
        var http = Request(alias);
        if (header is not null)
        {
            http.Request.Headers[RolloutAssignment.HeaderName] = header;
        }

        await new RolloutAssignmentMiddleware(new NextStep().InvokeAsync).InvokeAsync(http);

        Assert.Equal(side, http.Gateway().RolloutSide);
    }

    [Fact]
    public async Task InvokeAsync_GreenDeploymentUnavailable_KeepsEveryoneOnBlueEvenWhenAskedForGreen()
    {
        var blue = TestTargets.Alias(_blueTarget);
        // The loader's view when green's deployment is disabled: green is blue's targets alone.
        var rollout = new RolloutEntry(Guid.NewGuid(), 1, RolloutStrategy.Canary, 100, 0, _greenTarget.DeploymentId, blue, blue);
        var http = Request(blue with { Rollout = rollout });
        http.Request.Headers[RolloutAssignment.HeaderName] = "green";

        await new RolloutAssignmentMiddleware(new NextStep().InvokeAsync).InvokeAsync(http);

        Assert.Equal(RolloutSide.Blue, http.Gateway().RolloutSide);
        Assert.Equal([_blueTarget], http.Gateway().Alias.Targets);
    }

    [Fact]
    public async Task InvokeAsync_OnGreen_LaterStepsSeeGreensTargetsUnderTheSameAliasAndItsQuota()
    {
        var (alias, _) = Rollout(weight: 100);
        var aliasLimits = QuotaTestLimits.Policy(rpm: 10);
        var snapshot = GatewayRequests.Snapshot([_team], [], [alias], [new((_team.Id, alias.Id), aliasLimits)]);
        var http = GatewayRequests.Http(GatewayRequests.Resolved(alias, _team, snapshot: snapshot));
        AliasEntry? seen = null;
        var next = new NextStep(h => seen = h.Gateway().Alias);

        await new RolloutAssignmentMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.NotNull(seen);
        Assert.Equal([_greenTarget, _blueTarget], seen.Targets);
        Assert.Equal(alias.Name, seen.Name);
        Assert.Same(aliasLimits, Assert.Single(http.Gateway().QuotaCounters).Limits);
    }

    /// <summary>A rollout as the snapshot loader builds it: blue's targets, and green's deployment before them.</summary>
    private (AliasEntry Alias, RolloutEntry Rollout) Rollout(int weight)
    {
        var blue = TestTargets.Alias(_blueTarget);
        var green = blue with { Targets = [_greenTarget, _blueTarget] };
        var rollout = new RolloutEntry(Guid.NewGuid(), 1, RolloutStrategy.Canary, weight, 0, _greenTarget.DeploymentId, blue, green);
        return (blue with { Rollout = rollout }, rollout);
    }

    private DefaultHttpContext Request(AliasEntry alias) =>
        GatewayRequests.Http(GatewayRequests.Resolved(alias, _team, GatewayRequests.Key(_team)));
}
