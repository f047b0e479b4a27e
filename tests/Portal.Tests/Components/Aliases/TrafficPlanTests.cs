using AiGateway.Portal.Components.Pages.Aliases;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;

namespace AiGateway.Portal.Tests.Components.Aliases;

public sealed class TrafficPlanTests
{
    private static readonly BackendView Ptu = Backend("ptu-sweden", "swedencentral", BackendTier.Provisioned);
    private static readonly BackendView Paygo = Backend("paygo-east", "eastus", BackendTier.Standard);

    [Fact]
    public void For_WeightsThreeToOneInOneTier_Splits75And25()
    {
        var a = Deployment(Paygo, "a");
        var b = Deployment(Paygo, "b");

        var tier = Assert.Single(Plan(Alias((a, 3, null), (b, 1, null)), a, b));

        Assert.Equal(1, tier.Tier);
        Assert.Equal([75.0, 25.0], tier.Shares.Select(s => s.Percent));
        Assert.Equal(["a", "b"], tier.Shares.Select(s => s.DeploymentName));
    }

    [Fact]
    public void For_NoExplicitTier_ProvisionedBackendsComeFirst()
    {
        var standard = Deployment(Paygo, "standard");
        var provisioned = Deployment(Ptu, "provisioned");

        var tiers = Plan(Alias((standard, 1, null), (provisioned, 1, null)), standard, provisioned);

        Assert.Equal([0, 1], tiers.Select(t => t.Tier));
        Assert.Equal("provisioned", Assert.Single(tiers[0].Shares).DeploymentName);
        Assert.Equal("ptu-sweden", tiers[0].Shares[0].BackendName);
        Assert.Equal("swedencentral", tiers[0].Shares[0].Region);
        Assert.True(tiers[0].PriorityFromBackend);
    }

    [Fact]
    public void For_ExplicitTiers_OrderedLowestFirstWhateverTheBackend()
    {
        var provisioned = Deployment(Ptu, "provisioned");
        var standard = Deployment(Paygo, "standard");

        var tiers = Plan(Alias((provisioned, 1, 5), (standard, 1, 2)), provisioned, standard);

        Assert.Equal([2, 5], tiers.Select(t => t.Tier));
        Assert.Equal("standard", tiers[0].Shares[0].DeploymentName);
        Assert.False(tiers[0].PriorityFromBackend);
    }

    [Fact]
    public void For_IdleTargets_TakeNothingAndSayWhy()
    {
        var active = Deployment(Paygo, "active");
        var zero = Deployment(Paygo, "zero");
        var disabled = Deployment(Paygo, "disabled") with { Enabled = false };

        var tier = Assert.Single(Plan(Alias((active, 2, null), (zero, 0, null), (disabled, 5, null)), active, zero, disabled));

        Assert.Equal(100.0, tier.Shares.Single(s => s.DeploymentName == "active").Percent);
        Assert.Equal("weight 0", tier.Shares.Single(s => s.DeploymentName == "zero").Idle);
        Assert.Equal(0.0, tier.Shares.Single(s => s.DeploymentName == "disabled").Percent);
        Assert.Equal("deployment disabled", tier.Shares.Single(s => s.DeploymentName == "disabled").Idle);
    }

    [Fact]
    public void For_DisabledBackend_LeavesItsTierWithNoActiveTarget()
    {
        var off = Backend("off", "westeurope", BackendTier.Provisioned) with { Enabled = false };
        var deployment = Deployment(off, "ptu");

        var tier = Assert.Single(TrafficPlan.For(Alias((deployment, 1, null)), Map(deployment), new Dictionary<Guid, BackendView> { [off.Id] = off }));

        Assert.False(tier.HasActiveTarget);
        Assert.Equal("backend disabled", tier.Shares[0].Idle);
    }

    private static List<TrafficTier> Plan(AliasView alias, params DeploymentView[] deployments) =>
        TrafficPlan.For(alias, Map(deployments), new Dictionary<Guid, BackendView> { [Ptu.Id] = Ptu, [Paygo.Id] = Paygo }).ToList();

    private static Dictionary<Guid, DeploymentView> Map(params DeploymentView[] deployments) => deployments.ToDictionary(d => d.Id);

    private static AliasView Alias(params (DeploymentView Deployment, int Weight, int? Tier)[] targets) => new(
        Guid.NewGuid(), "alias", null, true, null, DateTimeOffset.UnixEpoch,
        targets.Select(t => new AliasTargetView(Guid.NewGuid(), t.Deployment.Id, t.Deployment.Name, t.Deployment.BackendId, t.Weight, t.Tier)).ToList());

    private static BackendView Backend(string name, string region, BackendTier tier) => new(
        Guid.NewGuid(), name, BackendKind.AzureOpenAI, $"https://{name}.example", region, tier, BackendCredentialKind.ApiKey, true, null, null, true, DateTimeOffset.UnixEpoch);

    private static DeploymentView Deployment(BackendView backend, string name) => new(
        Guid.NewGuid(), backend.Id, name, "gpt-4o-mini", null, null, null, null, [], true, DateTimeOffset.UnixEpoch);
}
