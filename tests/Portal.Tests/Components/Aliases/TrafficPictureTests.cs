using AiGateway.Portal.Components.Pages.Aliases;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using Bunit;

namespace AiGateway.Portal.Tests.Components.Aliases;

public sealed class TrafficPictureTests : PortalComponentTestBase
{
    private static readonly BackendView Ptu = Backend("ptu-sweden", BackendTier.Provisioned);
    private static readonly BackendView Paygo = Backend("paygo-east", BackendTier.Standard);

    [Fact]
    public void Render_ThreeTiers_NumbersEachTierByItsOwnPlace()
    {
        var a = Deployment(Ptu, "a");
        var b = Deployment(Paygo, "b");
        var c = Deployment(Paygo, "c");

        var picture = Picture(Alias((a, null), (b, null), (c, 7)), a, b, c);

        Assert.Equal(["1. Tier 0", "2. Tier 1", "3. Tier 7"], Texts(picture, "traffic-tier-label"));
    }

    [Fact]
    public void Render_TwoTiers_TheFirstIsTriedFirstAndOnlyTheSecondIsAFallback()
    {
        var a = Deployment(Ptu, "a");
        var b = Deployment(Paygo, "b");

        var roles = Texts(Picture(Alias((a, null), (b, null)), a, b), "traffic-tier-role");

        Assert.StartsWith("tried first", roles[0], StringComparison.Ordinal);
        Assert.DoesNotContain("fallback", roles[0], StringComparison.Ordinal);
        Assert.StartsWith("fallback", roles[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneTier_SaysItTakesAllTheTraffic()
    {
        var a = Deployment(Paygo, "a");

        var picture = Picture(Alias((a, null)), a);

        Assert.Equal(["1. Tier 1"], Texts(picture, "traffic-tier-label"));
        var role = Assert.Single(Texts(picture, "traffic-tier-role"));
        Assert.StartsWith("takes all the traffic", role, StringComparison.Ordinal);
    }

    private IRenderedComponent<TrafficPicture> Picture(AliasView alias, params DeploymentView[] deployments) =>
        Render<TrafficPicture>(p => p
            .Add(x => x.Alias, alias)
            .Add(x => x.Deployments, deployments.ToDictionary(d => d.Id))
            .Add(x => x.Backends, new Dictionary<Guid, BackendView> { [Ptu.Id] = Ptu, [Paygo.Id] = Paygo }));

    private static List<string> Texts(IRenderedComponent<TrafficPicture> picture, string testId) =>
        [.. picture.FindAll($"[data-testid={testId}]").Select(e => e.TextContent.Trim())];

    private static AliasView Alias(params (DeploymentView Deployment, int? Tier)[] targets) => new(
        Guid.NewGuid(), "alias", null, true, null, DateTimeOffset.UnixEpoch,
        targets.Select(t => new AliasTargetView(Guid.NewGuid(), t.Deployment.Id, t.Deployment.Name, t.Deployment.BackendId, 1, t.Tier)).ToList());

    private static BackendView Backend(string name, BackendTier tier) => new(
        Guid.NewGuid(), name, BackendKind.AzureOpenAI, $"https://{name}.example", "eastus", tier, BackendCredentialKind.ApiKey, true, null, null, true, DateTimeOffset.UnixEpoch);

    private static DeploymentView Deployment(BackendView backend, string name) => new(
        Guid.NewGuid(), backend.Id, name, "gpt-4o-mini", null, null, null, null, [], true, DateTimeOffset.UnixEpoch);
}
